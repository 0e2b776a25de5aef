package dev.parley.testkit.peer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineConnectionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void readsLinesAsReceivedBlocksAndUpToAMarker() throws Exception {
        try (ScriptedServer s = ScriptedServer.start(Script.builder()
                .send("one\r\ntwo\n").send(new byte[] {1, 2, 3}).send("VALUE x\r\nEND\r\n").sendHalfLine("tail")
                .build());
             LineConnection c = LineConnection.connect(s.port())) {
            assertEquals("one\r", c.readLine(), "a carriage return stays");
            assertEquals("two", c.readLine());
            assertEquals(3, c.readBytes(3).length);
            assertEquals("VALUE x\r\nEND\r\n", c.readUntil("END\r\n"));
            assertEquals("tail", c.readLine(), "a last line without a line feed");
            assertNull(c.readLine());
            assertTrue(c.transcript().contains("S: <eof>"), c.transcript().toString());
        }
    }

    @Test
    void sendsAreRecordedAsTheClientsSide() throws Exception {
        try (ScriptedServer s = ScriptedServer.start(Script.builder().expectLine("ping").sendLine("pong").build());
             LineConnection c = LineConnection.connect(s.address())) {
            c.send("ping\n");
            assertEquals("pong", c.readLine());
            assertEquals("C: ping\nS: pong\n", c.transcript().toString());
            s.awaitDone(WAIT);
        }
    }

    @Test
    void readBytesFailsWhenTheStreamEndsEarly() throws Exception {
        try (ScriptedServer s = ScriptedServer.start(Script.builder().send("ab").build());
             LineConnection c = LineConnection.connect(s.port())) {
            IOException e = assertThrows(IOException.class, () -> c.readBytes(5));
            assertTrue(e.getMessage().contains("stream ended after 2 of 5 bytes: ab"), e.getMessage());
        }
    }

    @Test
    void exchangeReadsExactlyAsManyBytesAsTheExpectedReply() throws Exception {
        try (ScriptedServer s = ScriptedServer.start(Script.builder()
                .expectLine("get a").send("VALUE a 0 1\r\nx\r\nEND\r\nSTORED\r\n").build());
             LineConnection c = LineConnection.connect(s.port())) {
            assertEquals("VALUE a 0 1\r\nx\r\nEND\r\n", c.exchange("get a\r\n", "VALUE a 0 1\r\nx\r\nEND\r\n"));
            assertEquals("STORED", c.readLike("NOT_ST"), "what came, as long as what was expected");
            assertEquals("\r\n", c.readLike("\r\n"));
        }
    }

    @Test
    void readAtMostReturnsWhatCameBeforeTheEnd() throws Exception {
        try (ScriptedServer s = ScriptedServer.start(Script.builder().send("abcdef").build());
             LineConnection c = LineConnection.connect(s.port())) {
            assertEquals("abcd", new String(c.readAtMost(4), StandardCharsets.UTF_8));
            assertEquals("ef", new String(c.readAtMost(10), StandardCharsets.UTF_8), "cut short by the end");
            assertEquals(0, c.readAtMost(10).length);
        }
    }

    @Test
    void readsTimeOutInsteadOfHanging() throws Exception {
        try (ScriptedServer s = ScriptedServer.start(Script.builder().stallForever().build());
             LineConnection c = LineConnection.connect(s.port()).timeout(Duration.ofMillis(100))) {
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class, c::readLine);
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(100).toNanos());
            assertFalse(c.closedByPeer(), "nothing within the timeout: still open");
        }
    }

    @Test
    void closedByPeerSeesEndOfStreamAndReset() throws Exception {
        try (ScriptedServer s = ScriptedServer.start(Script.builder().close().build(),
                Script.builder().expectLine("x").reset().build());
             LineConnection closed = LineConnection.connect(s.port());
             LineConnection reset = LineConnection.connect(s.port())) {
            assertTrue(closed.closedByPeer());
            reset.send("x\n");
            assertTrue(reset.closedByPeer());
        }
    }

    @Test
    void aByteThatArrivesMeansNotClosed() throws Exception {
        try (ScriptedServer s = ScriptedServer.start(Script.builder().send("x".getBytes(StandardCharsets.UTF_8))
                .stallForever().build());
             LineConnection c = LineConnection.connect(s.port())) {
            assertFalse(c.closedByPeer());
        }
    }
}
