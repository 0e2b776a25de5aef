package dev.parley.client;

import dev.parley.testkit.peer.ScriptedServer;
import org.junit.jupiter.api.Test;

import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Session#sendMapped}: the mapper's result, and failures (the server's, the mapper's) completing the result
 * unwrapped, alike in the session and in the interface's default.
 */
class SendMappedTest extends ClientTestSupport {

    private static final IllegalStateException MAPPER_FAILURE = new IllegalStateException("mapper failed");

    @Test
    void theSessionMapsTheReplyAndPassesFailuresOnUnwrapped() throws Exception {
        check(session(server(), fast().build()));
    }

    @Test
    void theDefaultMethodDoesTheSame() throws Exception {
        check(new SendOnly(session(server(), fast().build())));
    }

    private SocketAddress server() {
        ScriptedServer p = peer(answering(line -> line.startsWith("num") ? "OK 42" : "ERR NOT_FOUND no such thing"));
        return p.address();
    }

    private static void check(Session s) throws Exception {
        assertEquals(42, s.sendMapped(Request.query("num"), r -> Integer.parseInt(r.arg(0))).get(5, TimeUnit.SECONDS));

        Throwable remote = failureSeenByCallback(s.sendMapped(Request.query("missing"), r -> 1));
        RemoteErrorException e = assertInstanceOf(RemoteErrorException.class, remote);
        assertTrue(e.getMessage().contains("no such thing"), e.getMessage());

        CompletableFuture<Object> failing = s.sendMapped(Request.query("num"), r -> {
            throw MAPPER_FAILURE;
        });
        assertSame(MAPPER_FAILURE, failureSeenByCallback(failing));
        ExecutionException wrapped = assertThrows(ExecutionException.class, () -> failing.get(5, TimeUnit.SECONDS));
        assertSame(MAPPER_FAILURE, wrapped.getCause());
    }

    /** The exception a {@code whenComplete} callback is given. */
    private static Throwable failureSeenByCallback(CompletableFuture<?> f) throws Exception {
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        f.whenComplete((v, error) -> seen.complete(error));
        return seen.get(5, TimeUnit.SECONDS);
    }

    /** A session that implements only what it must, so that {@link Session#sendMapped} is the default. */
    private static final class SendOnly implements Session {
        private final Session inner;

        SendOnly(Session inner) {
            this.inner = inner;
        }

        @Override
        public CompletableFuture<Reply> send(Request request) {
            return inner.send(request);
        }

        @Override
        public CompletableFuture<Reply> send(Request request, BodySink sink) {
            return inner.send(request, sink);
        }

        @Override
        public Reply call(Request request) {
            return inner.call(request);
        }

        @Override
        public boolean isConnected() {
            return inner.isConnected();
        }

        @Override
        public SocketAddress remoteAddress() {
            return inner.remoteAddress();
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
