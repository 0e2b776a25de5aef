package dev.parley.client;

import dev.parley.testkit.peer.Script;
import dev.parley.testkit.peer.ScriptedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Shared set-up of the client's integration tests: one client per class, sessions and peers closed after each. */
abstract class ClientTestSupport {

    /** The greeting a scripted Parley peer sends. */
    static final String GREETING = "HELLO parley/1 test";

    /**
     * How late a call on real time may end after its deadline: generous, for a busy machine. These tests are smoke
     * tests on real sockets and real time; the exact limits are tested on frozen time ({@link FrozenTimeTest}).
     */
    static final Duration MARGIN = Duration.ofMillis(1000);

    static ParleyClient client;
    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startClient() {
        client = ParleyClient.create(1);
    }

    @AfterAll
    static void stopClient() {
        client.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
    }

    /** Options for tests: short pauses and timeouts. */
    static ClientOptions.Builder fast() {
        return ClientOptions.builder()
                .socket(s -> s.connectTimeout(Duration.ofMillis(500)))
                .timeouts(t -> t.greetingTimeout(Duration.ofMillis(500)).requestTimeout(Duration.ofSeconds(2))
                        .stallLimit(Duration.ofMillis(500)))
                .retries(r -> r.backoff(Backoff.exponential(Duration.ofMillis(20), Duration.ofMillis(200), 2)));
    }

    Session session(SocketAddress address, ClientOptions options) {
        Session s = client.connect(address, options);
        toClose.add(s);
        return s;
    }

    /** Starts a scripted peer on an ephemeral port, closed after the test; later connections play later scripts. */
    ScriptedServer peer(Script first, Script... then) {
        return peerOn(0, first, then);
    }

    /** Starts a scripted peer on a given port, closed after the test. */
    ScriptedServer peerOn(int port, Script first, Script... then) {
        ScriptedServer p = ScriptedServer.startOn(port, first, then);
        toClose.add(p);
        return p;
    }

    /** A script that begins with the Parley greeting. */
    static Script.Builder greeted() {
        return Script.builder().sendLine(GREETING);
    }

    /** A peer script that greets and answers every line with what {@code responder} returns (null: no answer). */
    static Script answering(Function<String, String> responder) {
        return greeted().answerEachLine(responder).build();
    }

    /** Counts the lines the peer read, on every connection, that start with a prefix. */
    static long count(ScriptedServer peer, String prefix) {
        return peer.receivedLines().stream().filter(l -> l.startsWith(prefix)).count();
    }

    /** Returns a free loopback port that nothing listens on (connections are refused). */
    static int unusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits for a call that must fail, checks it ended within its deadline, and returns its error. */
    static <T extends ParleyClientException> T failure(CompletableFuture<Reply> f, Class<T> type, long startNanos,
                                                       Duration deadline) {
        return failure(f, type, startNanos, deadline, MARGIN);
    }

    /**
     * As {@link #failure(CompletableFuture, Class, long, Duration)} with a wider margin, for calls whose event loop
     * does CPU-heavy work (a TLS handshake) that can delay the session's timer on a busy machine.
     */
    static <T extends ParleyClientException> T failure(CompletableFuture<Reply> f, Class<T> type, long startNanos,
                                                       Duration deadline, Duration margin) {
        try {
            Reply r = f.get(deadline.plus(margin).toMillis() + 2000, TimeUnit.MILLISECONDS);
            fail("expected " + type.getSimpleName() + " but got " + r);
        } catch (ExecutionException e) {
            assertEndedWithin(startNanos, deadline, margin);
            return assertInstanceOf(type, e.getCause(), () -> "unexpected failure: " + e.getCause());
        } catch (Exception e) {
            fail("call did not end: " + e);
        }
        throw new AssertionError("unreachable");
    }

    /** Waits for a call that must succeed within its deadline. */
    static Reply success(CompletableFuture<Reply> f, long startNanos, Duration deadline) {
        try {
            Reply r = f.get(deadline.plus(MARGIN).toMillis() + 2000, TimeUnit.MILLISECONDS);
            assertEndedWithin(startNanos, deadline);
            return r;
        } catch (ExecutionException e) {
            throw new AssertionError("call failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("call did not end: " + e, e);
        }
    }

    static void assertEndedWithin(long startNanos, Duration deadline) {
        assertEndedWithin(startNanos, deadline, MARGIN);
    }

    static void assertEndedWithin(long startNanos, Duration deadline, Duration margin) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        assertTrue(ms <= deadline.plus(margin).toMillis(), "call ended after " + ms + " ms (deadline "
                + deadline.toMillis() + " ms + margin " + margin.toMillis() + " ms)");
    }
}
