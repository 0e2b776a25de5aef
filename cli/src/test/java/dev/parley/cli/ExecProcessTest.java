package dev.parley.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.parley.agent.fs.ExecPolicy;
import dev.parley.agent.server.AgentServer;
import dev.parley.agent.server.RunningAgent;
import dev.parley.testkit.peer.Script;
import dev.parley.testkit.peer.ScriptedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code parley exec} as its own process against an agent: it exits with the program's status (124 at the agent's
 * time limit), the program's stdout and stderr go to its own stdout and stderr as they come, remote arguments that
 * start with {@code -} stay the program's, and Parley's own failures say {@code parley:} with their status.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class ExecProcessTest {

    private static final long BOUND_SECONDS = 30;

    @TempDir
    Path root;

    private RunningAgent agent;
    private String target;

    @BeforeEach
    void startAgent() throws Exception {
        ExecPolicy policy = ExecPolicy.builder().allow("uname", "sh", "sleep").timeLimit(Duration.ofSeconds(2)).build();
        agent = AgentServer.builder().root(root).server(s -> s.port(0)).execPolicy(policy).build().start();
        target = "127.0.0.1:" + agent.port();
    }

    @AfterEach
    void stopAgent() {
        agent.close();
    }

    /** A finished {@code parley} process: status, stdout and stderr apart. */
    private record Ran(int status, String out, String err) {
    }

    private static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    private static Ran run(String... args) throws Exception {
        Process p = start(args);
        try {
            CompletableFuture<String> out = readAll(p.getInputStream());
            CompletableFuture<String> err = readAll(p.getErrorStream());
            assertTrue(p.waitFor(BOUND_SECONDS, TimeUnit.SECONDS), "parley exec ended");
            return new Ran(p.exitValue(), out.get(BOUND_SECONDS, TimeUnit.SECONDS),
                    err.get(BOUND_SECONDS, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
    }

    private static CompletableFuture<String> readAll(java.io.InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void exitsWithTheProgramsStatus() throws Exception {
        Ran ok = run("exec", target, "sh", "-c", "exit 0");
        assertEquals(0, ok.status(), ok.toString());
        Ran three = run("exec", target, "sh", "-c", "exit 3");
        assertEquals(3, three.status(), three.toString());
        assertEquals("", three.err(), "nothing from parley itself");
    }

    @Test
    void exits124WhenTheAgentStopsTheProgramAtItsTimeLimit() throws Exception {
        Ran slow = run("exec", target, "sleep", "20");
        assertEquals(124, slow.status(), slow.toString());
    }

    @Test
    void stdoutAndStderrOfTheProgramStayApart() throws Exception {
        Ran r = run("exec", target, "sh", "-c", "echo out; echo err >&2");
        assertEquals(0, r.status(), r.toString());
        assertEquals("out\n", r.out());
        assertEquals("err\n", r.err());
    }

    @Test
    void argumentsAfterTheProgramAreNeverParleyOptions() throws Exception {
        Ran r = run("exec", target, "uname", "-a");
        assertEquals(0, r.status(), r.toString());
        assertFalse(r.err().contains("Unknown option"), r.err());
        assertTrue(r.out().startsWith(System.getProperty("os.name").equals("Linux") ? "Linux" : ""), r.out());
        Ran help = run("exec", target, "sh", "-c", "echo \"$@\"", "sh", "--help", "-v");
        assertEquals("--help -v\n", help.out(), help.toString());
    }

    @Test
    void outputArrivesWhileTheProgramStillRuns() throws Exception {
        Process p = start("exec", target, "sh", "-c", "echo first; sleep 1.5; echo second");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = CompletableFuture.supplyAsync(() -> readLine(out)).get(BOUND_SECONDS, TimeUnit.SECONDS);
            assertEquals("first", first);
            assertTrue(p.isAlive(), "the first line came before the program ended");
            assertEquals("second", CompletableFuture.supplyAsync(() -> readLine(out))
                    .get(BOUND_SECONDS, TimeUnit.SECONDS));
            assertTrue(p.waitFor(BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }

    private static String readLine(BufferedReader in) {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aProgramNotAllowedIsParleysErrReplyWithStatus1() throws Exception {
        Ran r = run("exec", target, "rm", "-rf", "/");
        assertEquals(ExitStatus.ERR_REPLY, r.status(), r.toString());
        assertTrue(r.err().startsWith("parley: ERR DENIED exec rm: program not allowed"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void parleysOwnFailuresKeepTheirStatuses() throws Exception {
        Ran usage = run("exec", target);
        assertEquals(ExitStatus.USAGE, usage.status(), usage.toString());
        agent.close();
        Ran down = run("exec", "--timeout", "2s", "--retries", "0", target, "sh", "-c", "exit 0");
        assertEquals(ExitStatus.UNAVAILABLE, down.status(), down.toString());
        String[] lines = down.err().split("\n");
        assertTrue(lines[lines.length - 1].startsWith("parley: "), "stderr ends with parley's line: " + down.err());
    }

    @Test
    void anAgentWithoutRunGetsExecAndItsCombinedOutput() throws Exception {
        Script oldAgent = Script.builder()
                .sendLine("HELLO parley/1 agent version=0.1.0")
                .expectLine("run sh -c \"exit 3\"")
                .sendLine("ERR UNKNOWN_COMMAND run")
                .expectLine("exec sh -c \"exit 3\"")
                .send("OK 3 {9}\nout\nerr\n\n")
                .drainUntilEof()
                .build();
        try (ScriptedServer old = ScriptedServer.start(oldAgent)) {
            Ran r = run("exec", "127.0.0.1:" + old.port(), "sh", "-c", "exit 3");
            assertEquals(3, r.status(), r.toString());
            assertEquals("out\nerr\n\n", r.out());
        }
    }

    @Test
    void jsonGivesEachPieceWithItsStreamThenTheExit() throws Exception {
        Ran r = run("exec", "--json", target, "sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(3, r.status(), r.toString());
        List<JsonObject> lines = jsonLines(r.out());
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (JsonObject piece : lines.subList(0, lines.size() - 1)) {
            String stream = piece.get("stream").getAsString();
            assertTrue(stream.equals("out") || stream.equals("err"), piece.toString());
            (stream.equals("out") ? out : err).append(piece.get("text").getAsString());
        }
        assertEquals("out\n", out.toString());
        assertEquals("err\n", err.toString());
        JsonObject exit = lines.get(lines.size() - 1);
        assertTrue(exit.get("ok").getAsBoolean(), exit.toString());
        assertEquals(3, exit.get("exitCode").getAsInt());
        assertFalse(exit.get("timedOut").getAsBoolean());
        assertFalse(exit.get("truncated").getAsBoolean());
        assertEquals("", r.err(), "nothing else on stderr");
    }

    @Test
    void jsonOutputThatIsNotUtf8IsBase64() throws Exception {
        Ran r = run("exec", "--json", target, "sh", "-c", "printf '\\377\\376'");
        assertEquals(0, r.status(), r.toString());
        List<JsonObject> lines = jsonLines(r.out());
        assertEquals(2, lines.size(), r.toString());
        assertFalse(lines.get(0).has("text"), r.toString());
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xfe},
                Base64.getDecoder().decode(lines.get(0).get("base64").getAsString()));
    }

    @Test
    void jsonTimeLimitAndFailuresKeepTheirStatuses() throws Exception {
        Ran slow = run("exec", "--json", target, "sleep", "20");
        assertEquals(124, slow.status(), slow.toString());
        assertTrue(jsonLines(slow.out()).get(0).get("timedOut").getAsBoolean(), slow.toString());

        Ran denied = run("exec", "--json", target, "rm", "-rf", "/");
        assertEquals(ExitStatus.ERR_REPLY, denied.status(), denied.toString());
        JsonObject error = jsonLines(denied.out()).get(0);
        assertFalse(error.get("ok").getAsBoolean());
        assertEquals("DENIED", error.get("code").getAsString());
        assertEquals(ExitStatus.ERR_REPLY, error.get("exitStatus").getAsInt());

        agent.close();
        Ran down = run("exec", "--json", "--timeout", "2s", "--retries", "0", target, "sh", "-c", "exit 0");
        assertEquals(ExitStatus.UNAVAILABLE, down.status(), down.toString());
        List<JsonObject> downLines = jsonLines(down.out());
        assertEquals(1, downLines.size(), down.toString());
        assertEquals(ExitStatus.UNAVAILABLE, downLines.get(0).get("exitStatus").getAsInt());
    }

    /** Parses stdout as JSON Lines, every line one object. */
    private static List<JsonObject> jsonLines(String out) {
        List<JsonObject> objects = new ArrayList<>();
        for (String line : out.split("\n")) {
            JsonElement e = JsonParser.parseString(line);
            assertTrue(e.isJsonObject(), line);
            objects.add(e.getAsJsonObject());
        }
        return objects;
    }
}
