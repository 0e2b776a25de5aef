package dev.parley.cli;

import com.google.gson.Gson;
import dev.parley.agent.server.AgentServer;
import dev.parley.agent.server.RunningAgent;
import dev.parley.memcached.MemcachedServer;
import dev.parley.memcached.RunningMemcachedServer;
import dev.parley.testkit.peer.Script;
import dev.parley.testkit.peer.ScriptedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code parley bench} against an in-process agent, memcached and scripted peers on loopback. */
class BenchCommandTest {

    /** The JSON object, read back with typed fields. */
    record BenchJson(String target, String request, int connections, int depth, double warmupSeconds,
                     double durationSeconds, long ops, double opsPerSecond, double p50Micros, double p90Micros,
                     double p99Micros, double p999Micros, double maxMicros, double meanMicros, long failures,
                     long closed, long timeouts, long unexpected, String firstReply,
                     String firstUnexpected) {
    }

    private static final String SHORT = "--duration=300ms";

    @TempDir
    Path root;

    private RunningAgent agent;
    private String target;

    @BeforeEach
    void startAgent() throws Exception {
        agent = AgentServer.builder().root(root).server(s -> s.port(0)).build().start();
        target = "127.0.0.1:" + agent.port();
        // Loads the agent's request path once, so that a short run on a cold JVM still sees replies.
        CliRun ping = CliRun.run("call", target, "ping");
        assertEquals(ExitStatus.OK, ping.status, ping.toString());
    }

    @AfterEach
    void stopAgent() {
        agent.close();
    }

    @Test
    void pingsTheAgentAndPrintsOpsAndPercentiles() {
        CliRun run = CliRun.run("bench", target, "--connections", "2", "--depth", "4", SHORT, "--warmup", "0s",
                "--expect", "OK pong");
        assertEquals(ExitStatus.OK, run.status, run.toString());
        Matcher ops = Pattern.compile("(?m)^ops +(\\d+) \\(").matcher(run.out);
        assertTrue(ops.find(), run.out);
        assertTrue(Long.parseLong(ops.group(1)) > 0, run.out);
        assertTrue(run.out.contains("reply     OK pong"), "greeting skipped, first reply shown: " + run.out);
        for (String p : new String[] {"p50 ", "p90 ", "p99 ", "p99.9 ", "max "}) {
            assertTrue(run.out.contains(p), p + " missing: " + run.out);
        }
        assertTrue(run.out.contains("failures  0 (closed 0, timeouts 0, unexpected 0)"), run.out);
    }

    @Test
    void jsonIsOneObjectWithTypedFields() {
        CliRun run = CliRun.run("bench", target, "-c", "2", "-d", "8", SHORT, "--warmup", "100ms", "--json");
        assertEquals(ExitStatus.OK, run.status, run.toString());
        assertEquals(1, run.out.strip().lines().count(), run.out);
        BenchJson json = new Gson().fromJson(run.out, BenchJson.class);
        assertEquals("ping", json.request());
        assertEquals(2, json.connections());
        assertEquals(8, json.depth());
        assertEquals(target, json.target());
        assertEquals("OK pong", json.firstReply());
        assertTrue(json.ops() > 0, run.out);
        assertTrue(json.opsPerSecond() > 0, run.out);
        assertTrue(json.durationSeconds() > 0, run.out);
        assertTrue(json.p50Micros() > 0 && json.p90Micros() > 0 && json.p99Micros() > 0 && json.p999Micros() > 0
                && json.maxMicros() > 0 && json.meanMicros() > 0, run.out);
        assertTrue(json.p50Micros() <= json.p99Micros() && json.p99Micros() <= json.maxMicros(), run.out);
        assertEquals(0, json.failures(), run.out);
    }

    @Test
    void aHelloLineIsSkippedAsAGreetingUnlessGreetingIsNone() {
        Script helloAfterFirstLine = Script.builder().readLine().sendLine("HELLO parley/1 test").sendLine("OK 1")
                .answerEachLine(l -> "OK").build();
        try (ScriptedServer peer = ScriptedServer.start(helloAfterFirstLine)) {
            String at = "127.0.0.1:" + peer.port();
            CliRun auto = CliRun.run("bench", at, SHORT, "--warmup", "0s", "--expect", "OK", "--json");
            assertEquals(ExitStatus.OK, auto.status, auto.toString());
            BenchJson skipped = new Gson().fromJson(auto.out, BenchJson.class);
            assertEquals("OK 1", skipped.firstReply(), auto.out);
            assertEquals(0, skipped.unexpected(), auto.out);

            CliRun none = CliRun.run("bench", at, SHORT, "--warmup", "0s", "--expect", "OK", "--greeting", "none",
                    "--json");
            assertEquals(ExitStatus.ERR_REPLY, none.status, none.toString());
            BenchJson counted = new Gson().fromJson(none.out, BenchJson.class);
            assertEquals("HELLO parley/1 test", counted.firstReply(), none.out);
            assertEquals("HELLO parley/1 test", counted.firstUnexpected(), none.out);
            // The greeting answers the first request, so every later reply is one behind: the last one may come
            // when no request is outstanding and count as unexpected too.
            assertTrue(counted.unexpected() == 1 || counted.unexpected() == 2, none.out);
            assertTrue(counted.ops() > 0, none.out);
        }
    }

    @Test
    void memcachedGetMissAnswersEndWithCrlfRequests() throws InterruptedException {
        try (RunningMemcachedServer mc = MemcachedServer.builder().server(s -> s.port(0)).build().start()) {
            CliRun run = CliRun.run("bench", "127.0.0.1:" + mc.port(), "-c", "2", "-d", "4", SHORT, "--warmup",
                    "0s", "--verb", "get k", "--crlf", "--expect", "END", "--json");
            assertEquals(ExitStatus.OK, run.status, run.toString());
            BenchJson json = new Gson().fromJson(run.out, BenchJson.class);
            assertEquals("END", json.firstReply());
            assertTrue(json.ops() > 0, run.out);
        }
    }

    @Test
    void aPeerThatClosesCountsAClosedConnectionAndExitsTempFail() {
        Script twoThenClose = Script.builder().readLine().sendLine("OK").readLine().sendLine("OK").close().build();
        try (ScriptedServer peer = ScriptedServer.start(twoThenClose)) {
            // The run ends as soon as its only connection is gone; the long duration only leaves room on a
            // busy machine.
            CliRun run = CliRun.run("bench", "127.0.0.1:" + peer.port(), "--duration", "10s", "--warmup", "0s",
                    "--json");
            assertEquals(ExitStatus.TEMP_FAIL, run.status, run.toString());
            BenchJson json = new Gson().fromJson(run.out, BenchJson.class);
            assertEquals(1, json.closed(), run.out);
            assertEquals(1, json.failures(), run.out);
            assertEquals(2, json.ops(), run.out);
        }
    }

    @Test
    void aPeerThatNeverAnswersCountsTimeouts() {
        try (ScriptedServer peer = ScriptedServer.start(Script.builder().drainUntilEof().build())) {
            CliRun run = CliRun.run("bench", "127.0.0.1:" + peer.port(), "-d", "3", "--duration", "10s",
                    "--warmup", "0s", "--timeout", "100ms", "--json");
            assertEquals(ExitStatus.TEMP_FAIL, run.status, run.toString());
            BenchJson json = new Gson().fromJson(run.out, BenchJson.class);
            assertEquals(3, json.timeouts(), run.out);
            assertEquals(0, json.closed(), "closed by the bench, not by the peer: " + run.out);
            assertEquals(0, json.ops(), run.out);
            assertTrue(json.durationSeconds() < 10, "ended when the connection was closed: " + run.out);
        }
    }

    @Test
    void repliesOtherThanTheExpectedPrefixAreFailures() {
        try (ScriptedServer peer = ScriptedServer.start(Script.builder().answerEachLine(l -> "NO " + l).build())) {
            CliRun run = CliRun.run("bench", "127.0.0.1:" + peer.port(), "-d", "2", SHORT, "--warmup", "0s",
                    "--verb", "ask", "--expect", "YES", "--json");
            assertEquals(ExitStatus.ERR_REPLY, run.status, run.toString());
            BenchJson json = new Gson().fromJson(run.out, BenchJson.class);
            assertEquals("NO ask", json.firstReply());
            assertTrue(json.unexpected() > 0, run.out);
            assertEquals(json.unexpected(), json.failures(), run.out);
            assertEquals(0, json.ops(), run.out);
        }
    }

    @Test
    void badArgumentsAreUsageErrors() {
        CliRun depth = CliRun.run("bench", target, "--depth", "0");
        assertEquals(ExitStatus.USAGE, depth.status, depth.toString());
        assertTrue(depth.err.contains("--depth: 0 (expected: 1-65536)"), depth.err);
        CliRun connections = CliRun.run("bench", target, "--connections", "0");
        assertEquals(ExitStatus.USAGE, connections.status, connections.toString());
        CliRun duration = CliRun.run("bench", target, "--duration", "0s");
        assertEquals(ExitStatus.USAGE, duration.status, duration.toString());
        CliRun greeting = CliRun.run("bench", target, "--greeting", "maybe");
        assertEquals(ExitStatus.USAGE, greeting.status, greeting.toString());
        CliRun host = CliRun.run("bench", "no-such-host.invalid:7777");
        assertEquals(ExitStatus.USAGE, host.status, host.toString());
        assertTrue(host.err.contains("unknown host 'no-such-host.invalid'"), host.err);
    }

    @Test
    void nothingListeningExitsUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun run = CliRun.run("bench", "127.0.0.1:" + port, SHORT);
        assertEquals(ExitStatus.UNAVAILABLE, run.status, run.toString());
        assertTrue(run.err.contains("cannot connect"), run.err);
    }
}
