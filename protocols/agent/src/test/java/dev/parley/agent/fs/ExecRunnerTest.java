package dev.parley.agent.fs;

import dev.parley.codec.text.ErrorCode;

import static dev.parley.agent.fs.AgentFilesTest.assertCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@EnabledOnOs({OS.LINUX, OS.MAC})
class ExecRunnerTest {

    /** Generous upper bound for a run that must be cut at its time limit; far below the programs' own duration. */
    private static final Duration KILL_BOUND = Duration.ofSeconds(10);

    @TempDir
    Path temp;

    private Sandbox sandbox;

    @BeforeEach
    void setUp() throws IOException {
        sandbox = Sandbox.of(Files.createDirectory(temp.resolve("root")));
        Files.createDirectories(sandbox.root().resolve("work"));
    }

    @Test
    void execIsRefusedWhenOff() {
        ExecRunner runner = new ExecRunner(sandbox, ExecPolicy.disabled());
        SandboxException e = assertCode(ErrorCode.DENIED, () -> runner.run("/", "echo", List.of("hi")));
        assertTrue(e.getMessage().contains("exec is off"), e.getMessage());
    }

    @Test
    void programsNotOnTheAllowListAreRefused() {
        ExecRunner runner = new ExecRunner(sandbox, ExecPolicy.allowing("echo"));
        for (String program : List.of("sh", "/bin/echo", "ECHO", "echo ", "echo;sh", "../echo")) {
            SandboxException e = assertCode(ErrorCode.DENIED, () -> runner.run("/", program, List.of()));
            assertTrue(e.getMessage().contains("not allowed"), e.getMessage());
        }
    }

    @Test
    void allowedProgramRunsWithArgumentsUninterpreted() throws SandboxException {
        ExecRunner runner = new ExecRunner(sandbox, ExecPolicy.allowing("echo"));
        ExecResult result = runner.run("/", "echo", List.of("hello", "$HOME", "*", "a;b"));
        assertEquals(0, result.exitCode());
        assertEquals("hello $HOME * a;b\n", result.outputAsString(), "no shell expands anything");
        assertFalse(result.truncated());
        assertFalse(result.timedOut());
    }

    @Test
    void programRunsInTheSessionDirectoryWithStderrMerged() throws IOException {
        ExecRunner runner = new ExecRunner(sandbox, ExecPolicy.allowing("sh"));
        ExecResult result = runner.run("/work", "sh", List.of("-c", "pwd; echo oops >&2; exit 3"));
        assertEquals(3, result.exitCode());
        assertEquals(sandbox.root().resolve("work").toRealPath() + "\noops\n", result.outputAsString());
    }

    @Test
    void exitCodesAreReported() throws SandboxException {
        ExecRunner runner = new ExecRunner(sandbox, ExecPolicy.allowing("sh"));
        assertEquals(0, runner.run("/", "sh", List.of("-c", "true")).exitCode());
        assertEquals(1, runner.run("/", "sh", List.of("-c", "false")).exitCode());
        assertEquals(42, runner.run("/", "sh", List.of("-c", "exit 42")).exitCode());
    }

    @Test
    void standardInputIsClosed() throws SandboxException {
        ExecRunner runner = new ExecRunner(sandbox, ExecPolicy.allowing("sh"));
        ExecResult result = runner.run("/", "sh", List.of("-c", "cat; echo done"));
        assertEquals("done\n", result.outputAsString());
        assertFalse(result.timedOut());
    }

    @Test
    void timeLimitKillsTheProgramWithinTheBound() throws SandboxException {
        ExecPolicy policy = ExecPolicy.builder().allow("sh").timeLimit(Duration.ofMillis(500)).build();
        ExecRunner runner = new ExecRunner(sandbox, policy);
        long start = System.nanoTime();
        ExecResult result = runner.run("/", "sh", List.of("-c", "sleep 30"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(result.timedOut());
        assertTrue(took.compareTo(KILL_BOUND) < 0, "took " + took);
        assertTrue(took.compareTo(Duration.ofMillis(500)) >= 0, "ran until the limit: " + took);
        assertTrue(result.exitCode() != 0, "killed: " + result.exitCode());
    }

    @Test
    void timeLimitKillsChildProcessesToo() throws SandboxException {
        ExecPolicy policy = ExecPolicy.builder().allow("sh").timeLimit(Duration.ofMillis(500)).build();
        ExecRunner runner = new ExecRunner(sandbox, policy);
        long start = System.nanoTime();
        // The subshell keeps sh from exec-ing sleep directly, so sleep is a child holding the output pipe.
        ExecResult result = runner.run("/", "sh", List.of("-c", "echo started; (sleep 30); echo never"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(result.timedOut());
        assertTrue(took.compareTo(KILL_BOUND) < 0, "took " + took);
        assertEquals("started\n", result.outputAsString());
    }

    @Test
    void outputLeftOpenByAnOrphanDoesNotBlockBeyondTheBound() throws SandboxException {
        ExecPolicy policy = ExecPolicy.builder().allow("sh").timeLimit(Duration.ofMillis(500)).build();
        ExecRunner runner = new ExecRunner(sandbox, policy);
        long start = System.nanoTime();
        ExecResult result = runner.run("/", "sh", List.of("-c", "sleep 3 & echo started"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(KILL_BOUND) < 0, "took " + took);
        assertTrue(result.outputAsString().startsWith("started"), result.outputAsString());
        assertEquals(0, result.exitCode());
    }

    @Test
    void outputIsCappedAndTheRestDrained() throws SandboxException {
        ExecPolicy policy = ExecPolicy.builder().allow("head").outputCap(1000).build();
        ExecRunner runner = new ExecRunner(sandbox, policy);
        ExecResult result = runner.run("/", "head", List.of("-c", "300000", "/dev/zero"));
        assertEquals(0, result.exitCode(), "the program was not blocked by a full pipe");
        assertEquals(1000, result.output().length);
        assertTrue(result.truncated());
        assertFalse(result.timedOut());
    }

    @Test
    void endlessOutputIsCappedAndStoppedAtTheTimeLimit() throws SandboxException {
        ExecPolicy policy = ExecPolicy.builder().allow("yes").outputCap(64 * 1024)
                .timeLimit(Duration.ofMillis(500)).build();
        ExecRunner runner = new ExecRunner(sandbox, policy);
        long start = System.nanoTime();
        ExecResult result = runner.run("/", "yes", List.of());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(64 * 1024, result.output().length);
        assertTrue(result.outputAsString().startsWith("y\ny\n"));
        assertTrue(result.truncated());
        assertTrue(result.timedOut());
        assertTrue(took.compareTo(KILL_BOUND) < 0, "took " + took);
    }

    @Test
    void missingAllowedProgramIsNotFound() {
        ExecRunner runner = new ExecRunner(sandbox, ExecPolicy.allowing("no-such-program-parley"));
        assertCode(ErrorCode.NOT_FOUND, () -> runner.run("/", "no-such-program-parley", List.of()));
    }

    @Test
    void programWithASlashIsAVirtualPathInsideTheSandbox() throws IOException {
        Path script = Files.writeString(sandbox.root().resolve("work/run.sh"), "#!/bin/sh\necho from-script \"$1\"\n");
        assertTrue(script.toFile().setExecutable(true));
        ExecRunner runner = new ExecRunner(sandbox, ExecPolicy.allowing("./run.sh", "/work/run.sh", "../../x"));
        assertEquals("from-script a\n", runner.run("/work", "./run.sh", List.of("a")).outputAsString());
        assertEquals("from-script b\n", runner.run("/", "/work/run.sh", List.of("b")).outputAsString());
        assertCode(ErrorCode.DENIED, () -> runner.run("/work", "../../x", List.of()));
    }

    @Test
    void badWorkingDirectoryAndNulArgumentsAreRefused() {
        ExecRunner runner = new ExecRunner(sandbox, ExecPolicy.allowing("echo"));
        assertCode(ErrorCode.NOT_FOUND, () -> runner.run("/missing", "echo", List.of()));
        assertCode(ErrorCode.DENIED, () -> runner.run("/..", "echo", List.of()));
        assertCode(ErrorCode.BAD_ARGS, () -> runner.run("/", "echo", List.of("a\0b")));
    }
}
