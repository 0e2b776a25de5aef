package dev.parley.client;

import dev.parley.client.spi.ClientProtocol;
import dev.parley.testkit.peer.Script;
import dev.parley.testkit.peer.ScriptedServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connecting to peers that refuse, stay silent or greet wrongly: every call still ends within its deadline. */
class ConnectionFailureTest extends ClientTestSupport {

    @Test
    void refusedConnectionsThenServerComesUpCallSucceedsAfterBackoff() throws Exception {
        int port = unusedPort();
        List<Duration> pauses = new CopyOnWriteArrayList<>();
        Session s = session(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), fast()
                .listener(new SessionListener() {
                    @Override
                    public void onReconnectScheduled(int attempt, Duration pause, Throwable cause) {
                        pauses.add(pause);
                    }
                }).build());
        Duration deadline = Duration.ofSeconds(3);
        long start = System.nanoTime();
        CompletableFuture<Reply> f = s.send(Request.query("ping").withTimeout(deadline));
        waitUntil(() -> pauses.size() >= 3);
        peerOn(port, greeted().readLine().send("OK pong\n").drainUntilEof().build());
        Reply r = success(f, start, deadline);
        assertEquals(List.of("pong"), r.args());
        assertTrue(s.isConnected());
    }

    @Test
    void peerWithTheWrongGreetingEndsWithGreetingMismatch() throws Exception {
        ScriptedServer p = peer(Script.builder().sendLine("SSH-2.0-OpenSSH_9.6").drainUntilEof().build());
        Session s = session(p.address(), fast().protocol(ClientProtocol.parley("agent")).build());
        Duration deadline = Duration.ofMillis(500);
        long start = System.nanoTime();
        ConnectFailedException e = failure(s.send(Request.query("ls").withTimeout(deadline)),
                ConnectFailedException.class, start, deadline);
        assertEquals(ParleyClientException.GREETING_MISMATCH, e.code());
    }

    @Test
    void peerNamingAnotherServiceEndsWithGreetingMismatch() throws Exception {
        ScriptedServer p = peer(answering(line -> "OK"));
        Session s = session(p.address(), fast().protocol(ClientProtocol.parley("memcached")).build());
        Duration deadline = Duration.ofMillis(500);
        long start = System.nanoTime();
        ConnectFailedException e = failure(s.send(Request.query("ls").withTimeout(deadline)),
                ConnectFailedException.class, start, deadline);
        assertEquals(ParleyClientException.GREETING_MISMATCH, e.code());
        assertTrue(e.getMessage().contains("expected: memcached"), e.getMessage());
    }

    @Test
    void aQueryLostWithItsConnectionAndNeverResentSaysItWasSentNotThatItNeverWas() throws Exception {
        // The first connection reads the request and closes; later ones never greet, so it is never resent.
        ScriptedServer p = peer(greeted().readLine().close().build(), Script.builder().drainUntilEof().build());
        Session s = session(p.address(), fast().timeouts(t -> t.greetingTimeout(Duration.ofMillis(200))).build());
        Duration deadline = Duration.ofMillis(700);
        long start = System.nanoTime();
        DeadlineExceededException e = failure(s.send(Request.query("ls").withTimeout(deadline)),
                DeadlineExceededException.class, start, deadline);
        assertEquals(Progress.UNKNOWN, e.progress());
        assertEquals(1, count(p, "ls"));
        assertFalse(e.getMessage().contains("before it could be sent"), e.getMessage());
        assertTrue(e.getMessage().contains("waiting to be sent again after 1 attempt"), e.getMessage());
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) {
        dev.parley.testkit.Await.until(Duration.ofSeconds(5), "condition", condition);
    }
}
