package dev.parley.testkit.peer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each step of a {@link Script}, played by a {@link ScriptedServer} and observed from a plain client. */
class ScriptedServerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private ScriptedServer server(Script first, Script... then) {
        ScriptedServer s = ScriptedServer.start(first, then);
        toClose.add(s);
        return s;
    }

    private LineConnection connect(ScriptedServer server) throws IOException {
        LineConnection c = LineConnection.connect(server.address());
        toClose.add(c);
        return c;
    }

    @Test
    void listensOnLoopbackOnAnEphemeralPort() {
        ScriptedServer s = server(Script.builder().build());
        assertTrue(s.address().getAddress().isLoopbackAddress());
        assertTrue(s.port() > 0);
        assertEquals(s.port(), s.address().getPort());
    }

    @Test
    void expectedLinesAreAnsweredAndRecorded() throws Exception {
        ScriptedServer s = server(Script.builder()
                .sendLine("HELLO")
                .expectLine("ping")
                .send("PONG\n")
                .expectLineMatching("get [a-z]+")
                .expectLine("a line ending in !", l -> l.endsWith("!"))
                .sendLine("done")
                .build());
        LineConnection c = connect(s);
        assertEquals("HELLO", c.readLine());
        c.send("ping\r\n");
        assertEquals("PONG", c.readLine());
        c.send("get key\nwow!\n");
        assertEquals("done", c.readLine());
        assertNull(c.readLine(), "the connection is closed when the steps run out");

        s.awaitDone(WAIT);
        assertEquals(List.of("S: HELLO", "C: ping\\r", "S: PONG", "C: get key", "C: wow!", "S: done", "S: <close>"),
                s.transcript(1).entries());
        assertEquals(List.of("ping", "get key", "wow!"), s.receivedLines());
        assertEquals(1, s.connections());
    }

    @Test
    void aMismatchFailsWithTheTranscriptInTheMessage() throws Exception {
        ScriptedServer s = server(Script.builder().sendLine("HELLO").expectLine("ping").sendLine("never").build());
        LineConnection c = connect(s);
        c.readLine();
        c.send("pong\n");

        AssertionError e = assertThrows(AssertionError.class, () -> s.awaitDone(WAIT));
        assertTrue(e.getMessage().contains("expected line \"ping\", got \"pong\""), e.getMessage());
        assertTrue(e.getMessage().contains("S: HELLO\nC: pong\n"), e.getMessage());
        assertFalse(s.transcript().contains("never"), s.transcript());
        assertNull(c.readLine(), "a failed run closes the connection");
    }

    @Test
    void anExpectationNotMetInTimeFailsAfterTheStepTimeout() throws Exception {
        Duration timeout = Duration.ofMillis(200);
        ScriptedServer s = server(Script.builder().stepTimeout(timeout).sendLine("HELLO").expectLine("ping").build());
        LineConnection c = connect(s);
        long start = System.nanoTime();
        assertEquals("HELLO", c.readLine());
        assertNull(c.readLine(), "closed after the expectation timed out");
        assertTrue(System.nanoTime() - start >= timeout.toNanos(), "waited at least the step timeout");

        AssertionError e = assertThrows(AssertionError.class, () -> s.awaitDone(WAIT));
        assertTrue(e.getMessage().contains("expect line \"ping\": nothing within 200 ms"), e.getMessage());
        assertTrue(e.getMessage().contains("S: HELLO"), e.getMessage());
    }

    @Test
    void resetGivesTheOtherSideConnectionReset() throws Exception {
        ScriptedServer s = server(Script.builder().expectLine("ping").reset().build());
        LineConnection c = connect(s);
        c.send("ping\n");

        SocketException e = assertThrows(SocketException.class, c::readLine);
        assertTrue(e.getMessage().contains("Connection reset"), e.getMessage());
        s.awaitDone(WAIT);
        assertTrue(s.transcript(1).contains("S: <reset>"), s.transcript());
    }

    @Test
    void closeGivesTheOtherSideEndOfStream() throws Exception {
        ScriptedServer s = server(Script.builder().sendLine("bye").close().build());
        LineConnection c = connect(s);
        assertEquals("bye", c.readLine());
        assertNull(c.readLine());
        s.awaitDone(WAIT);
    }

    @Test
    void halfCloseGivesEndOfStreamWhileTheOtherDirectionStillWorks() throws Exception {
        ScriptedServer s = server(Script.builder().sendLine("bye").halfClose().expectLine("still here").build());
        LineConnection c = connect(s);
        assertEquals("bye", c.readLine());
        assertNull(c.readLine(), "end of stream after the half-close");
        c.send("still here\n");

        s.awaitDone(WAIT);
        assertEquals(List.of("S: bye", "S: <half-close>", "C: still here", "S: <close>"), s.transcript(1).entries());
    }

    @Test
    void stallForeverNeitherReadsNorWritesAndKeepsTheConnectionOpen() throws Exception {
        ScriptedServer s = server(Script.builder().sendLine("HELLO").stallForever().build());
        LineConnection c = connect(s);
        assertEquals("HELLO", c.readLine());
        c.timeout(Duration.ofMillis(300)).send("ping\n");

        assertThrows(SocketTimeoutException.class, c::readLine);
        assertFalse(c.closedByPeer(), "still open");
        s.awaitDone(WAIT);
        assertTrue(s.receivedLines().isEmpty(), "a stalled script reads nothing");
        assertTrue(s.transcript(1).contains("S: <stall>"), s.transcript());

        s.close();
        c.timeout(WAIT);
        assertTrue(c.closedByPeer(), "closing the server ends the stall");
    }

    @Test
    void sendHalfLineSendsBytesWithoutALineFeed() throws Exception {
        ScriptedServer s = server(Script.builder().sendHalfLine("OK par").stallForever().build());
        LineConnection c = connect(s);
        assertEquals("OK par", new String(c.readBytes(6), StandardCharsets.UTF_8));
        c.timeout(Duration.ofMillis(200));
        assertThrows(SocketTimeoutException.class, c::readLine, "no line feed follows");
        s.awaitDone(WAIT);
        assertTrue(s.transcript(1).contains("S: OK par <no newline>"), s.transcript());
        assertThrows(IllegalArgumentException.class, () -> Script.builder().sendHalfLine("a\nb"));
    }

    @Test
    void sendAfterWaitsAtLeastTheDelay() throws Exception {
        Duration delay = Duration.ofMillis(300);
        ScriptedServer s = server(Script.builder().expectLine("go").sendAfter(delay, "late\n").build());
        LineConnection c = connect(s);
        long start = System.nanoTime();
        c.send("go\n");
        assertEquals("late", c.readLine());
        assertTrue(System.nanoTime() - start >= delay.toNanos(), "not before the delay");
        s.awaitDone(WAIT);
        assertTrue(s.transcript(1).contains("S: <pause 300 ms>"), s.transcript());
    }

    @Test
    void garbageIsNotUtf8HasNoLineFeedAndRepeatsForTheSameSeed() throws Exception {
        Script script = Script.builder().seed(42).garbage(64).build();
        byte[] first = garbageFrom(server(script));
        byte[] again = garbageFrom(server(script));
        byte[] otherSeed = garbageFrom(server(Script.builder().seed(43).garbage(64).build()));

        assertArrayEquals(first, again);
        assertFalse(Arrays.equals(first, otherSeed));
        for (byte b : first) {
            assertTrue(b != '\n', "no line feed");
        }
        assertThrows(CharacterCodingException.class,
                () -> StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(first)));
    }

    private byte[] garbageFrom(ScriptedServer s) throws Exception {
        LineConnection c = connect(s);
        byte[] got = c.readBytes(64);
        assertTrue(c.closedByPeer());
        s.awaitDone(WAIT);
        return got;
    }

    @Test
    void expectBytesAndExpectEofReadTheRawStream() throws Exception {
        ScriptedServer s = server(Script.builder()
                .expectBytes(3)
                .expectBytes(new byte[] {0, (byte) 0xfe})
                .sendLine("got them")
                .expectEof()
                .build());
        LineConnection c = connect(s);
        c.send(new byte[] {'a', 'b', 'c', 0, (byte) 0xfe});
        assertEquals("got them", c.readLine());
        c.halfClose();

        s.awaitDone(WAIT);
        assertEquals(List.of("C: <3 bytes> abc", "C: <2 bytes> \\x00\\xfe", "S: got them", "C: <eof>", "S: <close>"),
                s.transcript(1).entries());
    }

    @Test
    void expectEofFailsWhenDataComesInstead() throws Exception {
        ScriptedServer s = server(Script.builder().expectEof().build());
        connect(s).send("x");
        AssertionError e = assertThrows(AssertionError.class, () -> s.awaitDone(WAIT));
        assertTrue(e.getMessage().contains("expected end of stream, got byte x"), e.getMessage());
    }

    @Test
    void eachConnectionPlaysTheNextScriptAndTheLastRepeats() throws Exception {
        ScriptedServer s = server(
                Script.builder().sendLine("first").build(),
                Script.builder().sendLine("second").build(),
                Script.builder().sendLine("later").build());
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            try (LineConnection c = LineConnection.connect(s.address())) {
                got.add(c.readLine());
            }
            s.awaitConnections(i + 1, WAIT);
        }
        assertEquals(List.of("first", "second", "later", "later"), got);
        assertEquals(4, s.connections());
        s.awaitDone(WAIT);
        assertTrue(s.transcript().contains("--- connection 4 ---\nS: later\n"), s.transcript());
    }

    @Test
    void answerEachLineRepliesUntilEndOfStreamAndCodeStepsSeeTheConnection() throws Exception {
        ScriptedServer s = server(Script.builder()
                .run("greet with the connection number", c -> c.send("HELLO " + c.number() + "\n"))
                .answerEachLine(line -> line.equals("quiet") ? null : "OK " + line)
                .build());
        LineConnection c = connect(s);
        assertEquals("HELLO 1", c.readLine());
        c.send("a\nquiet\nb\n");
        assertEquals("OK a", c.readLine());
        assertEquals("OK b", c.readLine());
        c.halfClose();
        assertNull(c.readLine());
        s.awaitDone(WAIT);
        assertEquals(List.of("a", "quiet", "b"), s.receivedLines());
    }

    @Test
    void drainUntilEofReadsEverythingAndNeverAnswers() throws Exception {
        ScriptedServer s = server(Script.builder().drainUntilEof().build());
        LineConnection c = connect(s);
        c.send("one\ntwo\n").timeout(Duration.ofMillis(200));
        assertThrows(SocketTimeoutException.class, c::readLine, "never answers");
        c.halfClose();
        s.awaitDone(WAIT);
        assertEquals(List.of("one", "two"), s.receivedLines());
    }

    @Test
    void awaitDoneFailsWhenNoClientCame() {
        ScriptedServer s = server(Script.builder().build());
        AssertionError e = assertThrows(AssertionError.class, () -> s.awaitDone(Duration.ofMillis(50)));
        assertTrue(e.getMessage().contains("expected 1 connections"), e.getMessage());
    }
}
