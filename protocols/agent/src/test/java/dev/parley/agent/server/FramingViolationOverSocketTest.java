package dev.parley.agent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The probe that found the hole: {@code push /f {-1}} followed by {@code mkdir /x} in the same packet. The count is
 * malformed, so the agent must not read the bytes after the line as requests: it answers {@code BYE PROTOCOL} and
 * closes, and {@code /x} is never created.
 */
class FramingViolationOverSocketTest {

    @TempDir
    Path temp;

    private AgentFixture fx;

    @BeforeEach
    void start() throws Exception {
        fx = AgentFixture.start(temp);
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "+5", "1e3", "0x10", "1234567890123456789", "999999999999999999"})
    void pushWithAMalformedCountIsByeProtocolAndTheBodyNeverRunsAsRequests(String count) throws Exception {
        try (NcClient nc = fx.nc()) {
            nc.sendRaw(("push /f {" + count + "}\r\nmkdir /x\r\nmkdir /y\r\n").getBytes(StandardCharsets.UTF_8));

            String bye = nc.readLine();
            assertTrue(bye.startsWith("BYE PROTOCOL block length: "), bye);
            assertTrue(bye.contains(count) && bye.contains("(expected: "), bye);
            assertNull(nc.readLine(), "the agent closes after BYE");
        }
        try (NcClient nc = fx.nc()) {
            assertEquals("OK pong", nc.call("ping").line(), "the agent serves the next connection");
        }
        assertFalse(Files.exists(fx.root.resolve("x")), "mkdir /x ran");
        assertFalse(Files.exists(fx.root.resolve("y")), "mkdir /y ran");
        assertFalse(Files.exists(fx.root.resolve("f")), "push /f ran");
    }

    @Test
    void pushWithAPathOverTheLineLimitIsTooLongAndItsBodyIsSkippedNotRun() throws Exception {
        String path = "/" + "p".repeat(9000);
        String line = "push " + path + " {9}";
        try (NcClient nc = fx.nc()) {
            nc.sendRaw((line + "\r\nmkdir /x\r\nping\r\n").getBytes(StandardCharsets.UTF_8));

            assertEquals("ERR TOO_LONG line length: " + line.length() + " (expected: <= 8192)", nc.readLine());
            assertEquals("OK pong", nc.readLine());
        }
        assertFalse(Files.exists(fx.root.resolve("x")), "the body of the rejected push ran as mkdir /x");
    }
}
