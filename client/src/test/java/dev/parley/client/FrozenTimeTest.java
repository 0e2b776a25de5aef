package dev.parley.client;

import dev.parley.testkit.peer.Script;
import dev.parley.testkit.peer.ScriptedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
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

/**
 * Deadlines, greeting timeouts, keepalive and reconnect pauses on frozen time: real sockets, but the client's clock
 * is a mock ticker that only the test moves, so each test says "not yet one tick before, done at the limit" instead
 * of asserting a window of wall-clock milliseconds.
 */
class FrozenTimeTest extends ClientTestSupport {

    /** The deadline resolution: a limit is seen at most this long after it passes. */
    private static final Duration TICK = TimeoutOptions.DEFAULT_DEADLINE_RESOLUTION;
    private static final Duration JUST = Duration.ofNanos(1);

    private FrozenClock clock;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final List<ParleyClientException> disconnects = new CopyOnWriteArrayList<>();
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final List<Throwable> pauseCauses = new CopyOnWriteArrayList<>();

    @BeforeEach
    void freeze() {
        clock = new FrozenClock();
    }

    @AfterEach
    void thaw() throws InterruptedException {
        for (Session s : sessions) {
            s.close();
        }
        clock.close();
    }

    @Test
    void aCallWithNoReplyEndsAtItsDeadlineAndNotATickBefore() throws Exception {
        ScriptedServer p = peer(greeted().drainUntilEof().build());
        Session s = frozenSession(p.address(), options());
        CompletableFuture<Reply> f = s.send(Request.action("rm", "/x").withTimeout(Duration.ofMillis(400)));
        waitUntil(() -> count(p, "rm") == 1);
        clock.advance(Duration.ofMillis(400).minus(JUST));
        assertFalse(f.isDone(), "ended before its deadline");
        clock.advance(JUST.plus(TICK));
        DeadlineExceededException e = failed(f, DeadlineExceededException.class);
        assertEquals(ParleyClientException.TIMEOUT, e.code());
        assertEquals(Progress.UNKNOWN, e.progress());
        assertEquals(1, count(p, "rm"), "sent once");
        assertTrue(s.isConnected(), "one late reply is no reason to drop the connection");
    }

    @Test
    void aPeerThatNeverGreetsIsDroppedAtTheGreetingTimeout() throws Exception {
        ScriptedServer p = peer(Script.builder().drainUntilEof().build());
        Session s = frozenSession(p.address(), options().timeouts(t -> t.greetingTimeout(Duration.ofMillis(200))));
        CompletableFuture<Reply> f = s.send(Request.query("ls").withTimeout(Duration.ofSeconds(5)));
        p.awaitConnections(1, Duration.ofSeconds(5));
        // The greeting timer starts when the loop sees the connection, which may come well after the peer accepted
        // it on a busy machine: wait (in real time, the frozen clock standing still) until it is set.
        waitUntil(() -> {
            Duration next = clock.nextScheduled();
            return next != null && next.compareTo(Duration.ofMillis(200)) <= 0;
        });
        clock.advance(Duration.ofMillis(200).minus(JUST));
        assertTrue(pauses.isEmpty(), "dropped before the greeting timeout");
        // Step on until it fires, within one more timeout (the timer may be set up to its resolution late).
        for (int step = 0; step < 22 && pauses.isEmpty(); step++) {
            clock.advance(TICK);
        }
        waitUntil(() -> pauses.size() == 1);
        ConnectFailedException e = assertInstanceOf(ConnectFailedException.class, pauseCauses.get(0));
        assertEquals(ParleyClientException.GREETING_TIMEOUT, e.code());
        assertFalse(f.isDone(), "a greeting timeout is transient: the call waits for the next attempt");
        assertEquals(0, count(p, "ls"), "nothing is sent before the greeting");
    }

    @Test
    void aRefusedConnectionIsTriedAgainAfterItsPauseAndTheCallEndsAtItsDeadline() throws Exception {
        SocketAddress nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), unusedPort());
        Session s = frozenSession(nobody, options());
        CompletableFuture<Reply> f = s.send(Request.action("rm", "/x").withTimeout(Duration.ofSeconds(2)));
        waitUntil(() -> pauses.size() == 1);
        clock.settle(); // the listener hears of the pause just before the reconnect is scheduled: let that happen first
        Duration pause = pauses.get(0);
        clock.advance(pause.minus(JUST));
        assertEquals(1, pauses.size(), "tried again before the pause was over");
        clock.advance(JUST);
        waitUntil(() -> pauses.size() == 2);
        assertFalse(f.isDone(), "a refused connection is retried until the deadline, not failed at once");
        clock.advance(Duration.ofSeconds(2).minus(pause).minus(JUST));
        assertFalse(f.isDone());
        clock.advance(JUST.plus(TICK));
        ConnectFailedException e = failed(f, ConnectFailedException.class);
        assertEquals(ParleyClientException.CONNECT_REFUSED, e.code());
        assertEquals(Progress.NOT_SENT, e.progress());
        assertTrue(e.isTransient());
        assertTrue(e.getMessage().startsWith("CONNECT_REFUSED: "), e.getMessage());
    }

    @Test
    void keepaliveDetectsASilentDeadPeerAtIdlePlusTimeout() throws Exception {
        ScriptedServer p = peer(greeted().readLine().send("OK\n").drainUntilEof().build());
        Session s = frozenSession(p.address(), options()
                .socket(k -> k.keepaliveIdle(Duration.ofMillis(200)).keepaliveTimeout(Duration.ofMillis(300))));
        s.send(Request.query("ls")).get(5, TimeUnit.SECONDS);
        clock.settle(); // the reply completes the call inside the read; the read ends (and counts as activity) after
        clock.advance(Duration.ofMillis(200).minus(JUST));
        assertEquals(0, count(p, "ping"), "a ping before the connection was idle");
        clock.advance(JUST.plus(TICK));
        waitUntil(() -> count(p, "ping") == 1);
        clock.advance(Duration.ofMillis(300).minus(TICK));
        assertTrue(s.isConnected(), "dropped before the keepalive timeout");
        clock.advance(TICK.plus(TICK));
        waitUntil(() -> disconnects.size() == 1);
        assertEquals(ParleyClientException.CONNECTION_LOST, disconnects.get(0).code());
        assertTrue(disconnects.get(0).getMessage().contains("keepalive"), disconnects.get(0).getMessage());
        assertEquals(1, count(p, "ping"));
    }

    @Test
    void anAnsweredKeepaliveKeepsTheConnectionThroughLongSilence() throws Exception {
        ScriptedServer p = peer(answering(line -> "OK pong"));
        Session s = frozenSession(p.address(), options()
                .socket(k -> k.keepaliveIdle(Duration.ofMillis(100)).keepaliveTimeout(Duration.ofMillis(100))));
        s.send(Request.query("ls")).get(5, TimeUnit.SECONDS);
        clock.settle(); // the reply completes the call inside the read; the read ends (and counts as activity) after
        for (int i = 1; i <= 5; i++) {
            clock.advance(Duration.ofMillis(100).plus(TICK));
            int pings = i;
            waitUntil(() -> count(p, "ping") == pings);
            // Replies come in order: once this one is in, so is the pong (read in real time, on frozen time).
            assertTrue(s.send(Request.query("ls")).get(5, TimeUnit.SECONDS).isOk());
            clock.settle();
        }
        assertTrue(s.isConnected());
        assertTrue(disconnects.isEmpty(), disconnects.toString());
        assertEquals(1, p.connections());
    }

    @Test
    void anIdleSessionHasOneTimerSetForItsKeepaliveNotATickingSweep() throws Exception {
        ScriptedServer p = peer(answering(line -> "OK pong"));
        Session s = frozenSession(p.address(), options()
                .socket(k -> k.keepaliveIdle(Duration.ofSeconds(30)).keepaliveTimeout(Duration.ofSeconds(5))));
        s.send(Request.query("ls")).get(5, TimeUnit.SECONDS);
        clock.settle(); // the read that brought the reply ends at time 0: silence is measured from there
        // The greeting timeout and the call's deadline (2 s) had the timer set for them; past those, it waits for
        // the keepalive alone: one task, due when the silence reaches 30 s, nothing every tick before that.
        clock.advance(Duration.ofSeconds(2));
        assertEquals(Duration.ofSeconds(28), clock.nextScheduled());
        clock.advance(Duration.ofSeconds(28).minus(JUST));
        assertEquals(0, count(p, "ping"), "a ping before the connection was idle");
        assertEquals(JUST, clock.nextScheduled());
        clock.advance(JUST);
        waitUntil(() -> count(p, "ping") == 1);
        // Replies come in order: once this one is in, so is the pong (read in real time, on frozen time).
        assertTrue(s.send(Request.query("ls")).get(5, TimeUnit.SECONDS).isOk());
        clock.settle();
        // The timer set for the last call's deadline (2 s, before the ping's 5 s) finds both answered and waits for
        // the next silence, counted from the pong's read at 30 s.
        assertEquals(Duration.ofSeconds(2), clock.nextScheduled());
        clock.advance(Duration.ofSeconds(2));
        assertEquals(Duration.ofSeconds(28), clock.nextScheduled());
        assertEquals(1, count(p, "ping"));
        assertTrue(s.isConnected());
    }

    @Test
    void aRetryGoesOutWhenItsPauseEndsAndNotATickBefore() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        ScriptedServer p = peer(answering(line -> {
            lines.add(line);
            return lines.size() == 1 ? "ERR BUSY try later" : "OK done";
        }));
        List<Duration> retryPauses = new CopyOnWriteArrayList<>();
        Session s = frozenSession(p.address(), options()
                .retries(r -> r.backoff(Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 2)))
                .listener(new SessionListener() {
                    @Override
                    public void onRetryScheduled(Request r, int attempt, Duration pause, ParleyClientException c) {
                        retryPauses.add(pause);
                    }
                }));
        CompletableFuture<Reply> f = s.send(Request.action("rm", "/x"));
        waitUntil(() -> retryPauses.size() == 1);
        clock.settle();
        Duration pause = retryPauses.get(0);
        clock.advance(pause.minus(JUST));
        assertEquals(1, lines.size(), "sent again before its pause was over");
        assertFalse(f.isDone());
        clock.advance(JUST);
        assertEquals(List.of("done"), f.get(5, TimeUnit.SECONDS).args());
        assertEquals(2, lines.size());
        assertEquals(1, p.connections());
    }

    @Test
    void aLateReplyThatNeverComesClosesTheConnectionAtTheStallLimit() throws Exception {
        ScriptedServer p = peer(greeted().drainUntilEof().build(), answering(line -> "OK fresh"));
        Session s = frozenSession(p.address(), options().timeouts(t -> t.stallLimit(Duration.ofMillis(200))));
        CompletableFuture<Reply> f = s.send(Request.query("get", "k").withTimeout(Duration.ofMillis(300)));
        waitUntil(() -> count(p, "get") == 1);
        clock.advance(Duration.ofMillis(300));
        failed(f, DeadlineExceededException.class);
        clock.advance(Duration.ofMillis(200).minus(JUST));
        assertTrue(disconnects.isEmpty(), "dropped before the stall limit");
        assertTrue(s.isConnected());
        clock.advance(JUST);
        waitUntil(() -> disconnects.size() == 1);
        assertTrue(disconnects.get(0).getMessage().contains("stalled"), disconnects.get(0).getMessage());
    }

    private ClientOptions.Builder options() {
        return fast().listener(new SessionListener() {
            @Override
            public void onDisconnected(ParleyClientException cause) {
                disconnects.add(cause);
            }

            @Override
            public void onReconnectScheduled(int attempt, Duration pause, Throwable cause) {
                pauseCauses.add(cause);
                pauses.add(pause);
            }
        });
    }

    private Session frozenSession(SocketAddress address, ClientOptions.Builder options) {
        Session s = clock.client.connect(address, options.build());
        sessions.add(s);
        return s;
    }

    private static <T extends ParleyClientException> T failed(CompletableFuture<Reply> f, Class<T> type) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
        return assertInstanceOf(type, e.getCause());
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        ConnectionFailureTest.waitUntil(condition);
    }
}
