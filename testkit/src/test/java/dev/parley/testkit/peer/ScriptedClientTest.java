package dev.parley.testkit.peer;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A {@link ScriptedClient} driving a server; here the server is scripted too, so both transcripts can be compared. */
class ScriptedClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void playsItsScriptAgainstAServerAndRecordsBothDirections() {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .sendLine("HELLO").expectLine("ping").sendLine("OK pong").expectEof().build());
             ScriptedClient client = ScriptedClient.connect(server.address(), Script.builder()
                     .expectLine("HELLO").sendLine("ping").expectLine("OK pong").halfClose().expectEof().build())) {
            Transcript t = client.awaitDone(WAIT);
            server.awaitDone(WAIT);

            assertEquals(List.of("S: HELLO", "C: ping", "S: OK pong", "C: <half-close>", "S: <eof>", "C: <close>"),
                    t.entries());
            assertEquals(List.of("S: HELLO", "C: ping", "S: OK pong", "C: <eof>", "S: <close>"),
                    server.transcript(1).entries());
            assertTrue(client.isDone());
        }
    }

    @Test
    void aMismatchFailsWithTheTranscript() {
        try (ScriptedServer server = ScriptedServer.start(Script.builder().sendLine("BYE").build());
             ScriptedClient client = ScriptedClient.connect(server.address(),
                     Script.builder().expectLine("HELLO").build())) {
            AssertionError e = assertThrows(AssertionError.class, () -> client.awaitDone(WAIT));
            assertTrue(e.getMessage().contains("expected line \"HELLO\", got \"BYE\""), e.getMessage());
            assertTrue(e.getMessage().contains("transcript:\nS: BYE\n"), e.getMessage());
        }
    }

    @Test
    void aResetFromTheServerFailsTheClientsExpectationWithConnectionReset() {
        try (ScriptedServer server = ScriptedServer.start(Script.builder().expectLine("ping").reset().build());
             ScriptedClient client = ScriptedClient.connect(server.address(),
                     Script.builder().sendLine("ping").expectLine("OK").build())) {
            AssertionError e = assertThrows(AssertionError.class, () -> client.awaitDone(WAIT));
            assertTrue(e.getMessage().contains("Connection reset"), e.getMessage());
        }
    }

    @Test
    void aStalledClientMakesTheServersExpectationTimeOut() {
        try (ScriptedServer server = ScriptedServer.start(Script.builder()
                .stepTimeout(Duration.ofMillis(200)).sendLine("HELLO").expectLine("ping").build());
             ScriptedClient client = ScriptedClient.connect(server.address(),
                     Script.builder().expectLine("HELLO").stallForever().build())) {
            client.awaitDone(WAIT);
            AssertionError e = assertThrows(AssertionError.class, () -> server.awaitDone(WAIT));
            assertTrue(e.getMessage().contains("nothing within 200 ms"), e.getMessage());
            assertTrue(client.transcript().contains("C: <stall>"), client.transcript().toString());
        }
    }

    @Test
    void awaitDoneFailsWhileTheScriptStillWaits() {
        try (ScriptedServer server = ScriptedServer.start(Script.builder().stallForever().build());
             ScriptedClient client = ScriptedClient.connect(server.address(),
                     Script.builder().expectLine("never sent").build())) {
            AssertionError e = assertThrows(AssertionError.class, () -> client.awaitDone(Duration.ofMillis(100)));
            assertTrue(e.getMessage().contains("script not done within 100 ms"), e.getMessage());
            assertFalse(client.isDone());
        }
    }

    @Test
    void connectingWhereNothingListensFailsAtOnce() throws Exception {
        InetSocketAddress nowhere;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nowhere = new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
        }
        InetSocketAddress target = nowhere;
        assertThrows(UncheckedIOException.class, () -> ScriptedClient.connect(target, Script.builder().build()));
    }
}
