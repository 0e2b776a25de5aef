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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    void withAConnectAttemptLimitAWaitingRequestFailsAfterThatManyRefusalsNotAtItsDeadline() throws Exception {
        int port = unusedPort();
        List<Throwable> causes = new CopyOnWriteArrayList<>();
        Session s = session(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), fast()
                .retries(r -> r.connectAttempts(3))
                .listener(new SessionListener() {
                    @Override
                    public void onReconnectScheduled(int attempt, Duration pause, Throwable cause) {
                        causes.add(cause);
                    }
                }).build());
        // A deadline far beyond the wait below: only the attempt limit can end the call in time.
        CompletableFuture<Reply> f = s.send(Request.query("ping").withTimeout(Duration.ofMinutes(5)));
        // Taken on the event loop as the request fails: the session goes on reconnecting after that.
        CompletableFuture<Integer> reconnectsBeforeFailure = f.handle((r, t) -> causes.size());
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        ConnectFailedException refused = assertInstanceOf(ConnectFailedException.class, e.getCause());
        assertEquals(ParleyClientException.CONNECT_REFUSED, refused.code());
        assertTrue(refused.isTransient(), "a refusal may end when the server starts: " + refused);
        assertEquals(Progress.NOT_SENT, refused.progress());
        // Refusals 1 and 2 each scheduled a reconnect; refusal 3 failed the request before scheduling its own.
        assertEquals(2, reconnectsBeforeFailure.get(10, TimeUnit.SECONDS), "reconnects before the failure: " + causes);
        assertFalse(refused.getMessage().substring(1).contains(ParleyClientException.CONNECT_REFUSED),
                "the code is said once: " + refused.getMessage());

        // The session goes on reconnecting: a request sent now gets its own attempts and reaches a server that is up.
        peerOn(port, greeted().readLine().send("OK pong\n").drainUntilEof().build());
        Reply r = s.send(Request.query("ping").withTimeout(Duration.ofSeconds(5))).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("pong"), r.args());
    }

    @Test
    void theDefaultKeepsAWaitingRequestUntilItsDeadline() {
        assertEquals(RetryOptions.UNLIMITED_CONNECT_ATTEMPTS, RetryOptions.defaults().connectAttempts());
        assertThrows(IllegalArgumentException.class, () -> RetryOptions.builder().connectAttempts(0));
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
