package dev.parley.server;

import dev.parley.testkit.peer.LineConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A malformed block count is a framing violation: the server answers {@code BYE PROTOCOL} once, after the replies to
 * the requests before it, closes, and runs nothing the client sent after it, neither the next line nor anything later
 * in the same read.
 */
class FramingViolationTest {

    private RunningServer server;

    @BeforeEach
    void start() throws Exception {
        server = KeyValueExampleTest.startKeyValueServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdownGracefully(Duration.ofSeconds(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "+5", "1e3", "0x10", "", "1234567890123456789"})
    void malformedCountIsAnsweredByeProtocolAndWhatFollowsNeverRuns(String count) throws Exception {
        try (LineConnection c = LineConnection.connect(server.port())) {
            assertEquals("HELLO parley/1 kv", c.readLine());
            // One write: the violation and the requests after it arrive in the same read.
            c.send("put before 1\nput x {" + count + "}\nput after 2\nput x y\n");

            assertEquals("OK", c.readLine());
            assertEquals("BYE PROTOCOL block length: {" + count + "} (expected: {n} with n of 1 to 18 decimal digits)",
                    c.readLine());
            assertNull(c.readLine(), "the server closes after BYE");
        }
        assertStore("before", "OK 1");
        assertStore("after", "ERR NOT_FOUND after");
        assertStore("x", "ERR NOT_FOUND x");
    }

    @Test
    void countTooLargeToSkipIsAnsweredByeProtocolWithValueAndBound() throws Exception {
        try (LineConnection c = LineConnection.connect(server.port())) {
            assertEquals("HELLO parley/1 kv", c.readLine());
            c.send("put x {999999999999999999}\nput after 2\n");

            assertEquals("BYE PROTOCOL block length: 999999999999999999 (expected: <= 4294967296)", c.readLine());
            assertNull(c.readLine());
        }
        assertStore("after", "ERR NOT_FOUND after");
    }

    @Test
    void violationInALaterReadIsAnsweredAfterTheRequestsBeforeIt() throws Exception {
        try (LineConnection c = LineConnection.connect(server.port())) {
            assertEquals("HELLO parley/1 kv", c.readLine());
            assertEquals("OK", c.send("put a 1\n").readLine());
            c.send("get a\nput b {abc}\n");
            assertEquals("OK 1", c.readLine());
            assertTrue(c.readLine().startsWith("BYE PROTOCOL block length: {abc}"));
            assertNull(c.readLine());
        }
    }

    @Test
    void violationWaitsForTheRepliesOfRequestsStillRunningAndHeldBack() throws Exception {
        server.close();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Reply> slow = new CompletableFuture<>();
        server = ParleyServer.builder()
                .greeting(Greeting.parley("kv"))
                .server(s -> s.limits(l -> l.maxOutstanding(1)))
                .router(Router.builder()
                        .add(Command.query("slow").async(call -> {
                            started.countDown();
                            return slow;
                        }))
                        .build())
                .build()
                .start();
        try (LineConnection c = LineConnection.connect(server.port())) {
            assertEquals("HELLO parley/1 kv", c.readLine());
            // The second ping is held back by the outstanding limit when the violation arrives behind it.
            c.send("slow\nping\nput x {-1}\nping\n");
            assertTrue(started.await(5, TimeUnit.SECONDS));
            slow.complete(Reply.ok("done"));

            assertEquals("OK done", c.readLine());
            assertEquals("OK pong", c.readLine());
            assertTrue(c.readLine().startsWith("BYE PROTOCOL block length: {-1}"));
            assertNull(c.readLine());
        }
    }

    @Test
    void lineOfSeveralMegabytesIsAnsweredTooLongWithItsTrueLengthAndTheSessionGoesOn() throws Exception {
        int length = 4 << 20;
        try (LineConnection c = LineConnection.connect(server.port())) {
            assertEquals("HELLO parley/1 kv", c.readLine());
            c.send("put k ");
            byte[] chunk = "v".repeat(64 << 10).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int sent = 6; sent < length; sent += chunk.length) {
                c.send(java.util.Arrays.copyOf(chunk, Math.min(chunk.length, length - sent)));
            }
            c.send("\r\nput after 2\n");

            assertEquals("ERR TOO_LONG line length: " + length + " (expected: <= 8192)", c.readLine());
            assertEquals("OK", c.readLine());
        }
        assertStore("k", "ERR NOT_FOUND k");
    }

    private void assertStore(String key, String expected) throws Exception {
        try (LineConnection c = LineConnection.connect(server.port())) {
            assertEquals("HELLO parley/1 kv", c.readLine());
            assertEquals(expected, c.send("get " + key + "\n").readLine());
        }
    }
}
