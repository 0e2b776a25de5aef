package dev.parley.client;

import java.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One logical, persistent session with a server that survives reconnects. Requests are pipelined on the current
 * connection and answered in order; each ends, with a reply or a {@link ParleyClientException}, within its deadline
 * ({@link TimeoutOptions#requestTimeout()} or {@link Request#withTimeout}). Thread-safe. Futures complete on the
 * session's event loop: callbacks must not block.
 */
public interface Session extends AutoCloseable {

    /**
     * Sends a request; small reply bodies are aggregated into the {@link Reply}.
     *
     * @param request the request
     * @return the reply; an {@code ERR} answer or any failure completes it exceptionally with a
     *         {@link ParleyClientException}
     */
    CompletableFuture<Reply> send(Request request);

    /**
     * Sends a request whose reply body is streamed to a sink as it arrives.
     *
     * @param request the request
     * @param sink receives the body; the reply completes with an empty body after the last chunk
     * @return the reply line
     */
    CompletableFuture<Reply> send(Request request, BodySink sink);

    /**
     * Sends a request and makes its result from the reply on the session's event loop, in one future: what
     * {@code send(request).thenApply(mapper)} gives with two (the difference shows in a client that keeps many calls
     * in flight). A failure completes the result with the same exception as {@link #send(Request)}, not wrapped; so
     * does an exception the mapper throws. The mapper must not block.
     *
     * @param request the request
     * @param mapper turns the {@code OK} reply into the result
     * @param <T> the result type
     * @return the result; an {@code ERR} answer or any failure completes it exceptionally with a
     *         {@link ParleyClientException}
     */
    default <T> CompletableFuture<T> sendMapped(Request request, Function<? super Reply, ? extends T> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        CompletableFuture<T> result = new CompletableFuture<>();
        send(request).whenComplete((reply, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            try {
                result.complete(mapper.apply(reply));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /**
     * Sends a request and waits for the reply; the wait ends within the request's deadline.
     *
     * @param request the request
     * @return the reply, {@code OK}
     * @throws ParleyClientException when the call fails
     */
    Reply call(Request request);

    /** @return whether a connection is ready now */
    boolean isConnected();

    /** @return the server's address */
    SocketAddress remoteAddress();

    /** @return a name for logs, such as {@code s3@127.0.0.1:7001} */
    String name();

    /**
     * Closes the session: queued and in-flight requests fail with {@link SessionClosedException}, the connection
     * closes and no reconnect follows. Idempotent.
     */
    @Override
    void close();
}
