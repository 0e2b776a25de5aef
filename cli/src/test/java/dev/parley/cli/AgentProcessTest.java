package dev.parley.cli;

import dev.parley.agent.fs.FileMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code parley agent} as its own process: one ready line, serves requests, stops on SIGTERM. */
class AgentProcessTest {

    @TempDir
    Path root;

    @Test
    void agentPrintsOneReadyLineServesAndStopsOnSigterm() throws Exception {
        CliProcess p = CliProcess.start("agent", "--port", "0", "--root", root.toString());
        try {
            String ready = p.readyLine;
            Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) root=(.*)").matcher(ready);
            assertTrue(m.matches(), "ready line: " + ready);
            assertEquals(root.toRealPath().toString(), Path.of(m.group(2)).toRealPath().toString());

            CliRun ping = CliRun.run("call", "127.0.0.1:" + m.group(1), "ping");
            assertEquals("pong\n", ping.out, ping.toString());

            int status = p.terminate();
            assertTrue(status == 0 || status == 143, "exit status after SIGTERM (-1: still running): " + status);
        } finally {
            p.process.destroyForcibly();
        }
    }

    @Test
    void execTimeLimitAndOutputLimitComeFromTheCommandLine() throws Exception {
        CliProcess p = CliProcess.start("agent", "--port", "0", "--root", root.toString(), "--allow-exec", "sleep,seq",
                "--exec-timeout", "300ms", "--exec-output-limit", "1k");
        try {
            Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) .*").matcher(p.readyLine);
            assertTrue(m.matches(), "ready line: " + p.readyLine);
            String target = "127.0.0.1:" + m.group(1);

            CliRun slow = CliRun.run("call", target, "exec", "sleep", "20");
            assertTrue(slow.err.contains("timed-out") || slow.out.contains("timed-out"), slow.toString());

            CliRun chatty = CliRun.run("call", target, "exec", "seq", "100000");
            assertEquals(1024, chatty.out.length(), "output capped at 1k");
            assertTrue(chatty.err.contains("truncated"), chatty.toString());
        } finally {
            p.process.destroyForcibly();
        }
    }

    @Test
    void theModeMaskComesFromTheCommandLine(@TempDir Path local) throws Exception {
        java.nio.file.Path script = java.nio.file.Files.writeString(local.resolve("run.sh"), "#!/bin/sh\n");
        org.junit.jupiter.api.Assumptions.assumeTrue(FileMode.write(script, 0775), "POSIX file system");
        CliProcess p = CliProcess.start("agent", "--port", "0", "--root", root.toString(), "--mode-mask", "077");
        try {
            Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) .*").matcher(p.readyLine);
            assertTrue(m.matches(), "ready line: " + p.readyLine);
            CliRun push = CliRun.run("push", script.toString(), "127.0.0.1:" + m.group(1) + ":/run.sh");
            assertEquals(ExitStatus.OK, push.status, push.toString());
            assertEquals(0700, FileMode.read(root.resolve("run.sh")), "0775 less the mask 077");
        } finally {
            p.process.destroyForcibly();
        }
        assertEquals(ExitStatus.USAGE, CliRun.run("agent", "--port", "0", "--root", root.toString(),
                "--mode-mask", "888").status);
    }

    @Test
    void badExecLimitsAreUsageErrors() {
        assertEquals(ExitStatus.USAGE, CliRun.run("agent", "--port", "0", "--root", root.toString(),
                "--allow-exec", "ls", "--exec-timeout", "0s").status);
        assertEquals(ExitStatus.USAGE, CliRun.run("agent", "--port", "0", "--root", root.toString(),
                "--allow-exec", "ls", "--exec-output-limit", "3g").status);
    }

    @Test
    void agentOnAllInterfacesWithoutTokenWarnsBeforeItsReadyLine() throws Exception {
        CliProcess p = CliProcess.start("agent", "--bind", "0.0.0.0", "--port", "0", "--root", root.toString());
        try {
            String first = p.readyLine;
            assertTrue(first.startsWith("parley: warning: listening on 0.0.0.0 without --token-file: anyone who can"
                    + " reach port "), "first line: " + first);
        } finally {
            p.process.destroyForcibly();
        }
    }
}
