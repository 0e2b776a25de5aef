package dev.parley.cli;

import dev.parley.server.Greeting;
import dev.parley.server.ParleyServer;
import dev.parley.server.Router;
import dev.parley.server.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code parley proxy} as its own process: forwards, applies its flag faults, and obeys its control port. */
class ProxyCommandTest {

    private static final Pattern READY = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+), forwarding to "
            + "127\\.0\\.0\\.1:(\\d+); control on 127\\.0\\.0\\.1:(\\d+); faults: (.*)");

    private RunningServer upstream;

    @BeforeEach
    void startUpstream() throws InterruptedException {
        upstream = ParleyServer.builder().greeting(Greeting.parley("upstream")).router(Router.builtinsOnly())
                .build().start();
    }

    @AfterEach
    void stopUpstream() {
        upstream.close();
    }

    @Test
    void forwardsAppliesFlagFaultsAndSwitchesFaultsFromTheControlPort() throws Exception {
        CliProcess p = CliProcess.start("proxy", "--listen", "0", "--upstream", "127.0.0.1:" + upstream.port(),
                "--control", "0", "--latency", "150ms");
        try {
            Matcher m = READY.matcher(p.readyLine);
            assertTrue(m.matches(), "ready line: " + p.readyLine);
            assertEquals(String.valueOf(upstream.port()), m.group(2));
            assertEquals("latency down 150ms", m.group(4));
            String proxy = "127.0.0.1:" + m.group(1);
            String control = "127.0.0.1:" + m.group(3);

            long start = System.nanoTime();
            CliRun ping = CliRun.run("call", proxy, "ping");
            long took = System.nanoTime() - start;
            assertEquals("pong\n", ping.out, ping.toString());
            assertTrue(took >= Duration.ofMillis(150).toNanos(), "the flag's latency applies: " + took + " ns");

            assertEquals("latency_down: latency down 150ms\n", CliRun.run("call", control, "list").out);
            CliRun add = CliRun.run("call", control, "add", "stall", "up");
            assertEquals("stall_up\n", add.out, add.toString());
            CliRun stalled = CliRun.run("call", "--timeout", "3s", proxy, "ping");
            assertEquals(ExitStatus.TEMP_FAIL, stalled.status, stalled.toString());
            assertTrue(stalled.err.contains("TIMEOUT"), stalled.toString());

            assertEquals("stall_up\n", CliRun.run("call", control, "remove", "stall").out);
            assertEquals("latency_down\n", CliRun.run("call", control, "remove", "latency", "down").out);
            assertEquals("", CliRun.run("call", control, "list").out);
            assertEquals("pong\n", CliRun.run("call", proxy, "ping").out);

            int status = p.terminate();
            assertTrue(status == 0 || status == 143, "exit status after SIGTERM (-1: still running): " + status);
        } finally {
            p.process.destroyForcibly();
        }
    }

    @Test
    void badFaultsAreUsageErrorsOrErrReplies() throws Exception {
        CliRun noPort = CliRun.run("proxy", "--listen", "0", "--upstream", "localhost");
        assertEquals(ExitStatus.USAGE, noPort.status, noPort.toString());
        assertTrue(noPort.err.contains("missing port"), noPort.toString());
        CliRun badFault = CliRun.run("proxy", "--listen", "0", "--upstream", "127.0.0.1:1", "--fault", "lag 1s");
        assertEquals(ExitStatus.USAGE, badFault.status, badFault.toString());
        assertTrue(badFault.err.contains("unknown kind 'lag'"), badFault.toString());

        CliProcess p = CliProcess.start("proxy", "--listen", "0", "--upstream", "127.0.0.1:" + upstream.port(),
                "--control", "0");
        try {
            Matcher m = READY.matcher(p.readyLine);
            assertTrue(m.matches(), "ready line: " + p.readyLine);
            String control = "127.0.0.1:" + m.group(3);
            CliRun bad = CliRun.run("call", control, "add", "latency", "200");
            assertEquals(ExitStatus.ERR_REPLY, bad.status, bad.toString());
            assertTrue(bad.err.contains("BAD_ARGS") && bad.err.contains("duration: '200'"), bad.toString());
            CliRun missing = CliRun.run("call", control, "remove", "stall");
            assertTrue(missing.err.contains("NOT_FOUND"), missing.toString());
            CliRun.run("call", control, "add", "latency", "up", "1ms");
            CliRun.run("call", control, "add", "latency", "down", "1ms");
            CliRun ambiguous = CliRun.run("call", control, "remove", "latency");
            assertTrue(ambiguous.err.contains("latency_up, latency_down (remove one by name)"), ambiguous.toString());
        } finally {
            p.process.destroyForcibly();
        }
    }
}
