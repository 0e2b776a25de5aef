package dev.parley.server;

/**
 * A command handler that consumes a request's raw body ({@code verb args {n}}) as a stream of chunks, for bodies that
 * may be larger than the heap (an upload written to disk). Always runs on the blocking executor: {@link #open(Call)},
 * then every chunk in order, then {@link BodySink#onComplete()}, one after the other, never concurrently. While more
 * than {@link Limits#maxPendingBodyBytes()} bytes are waiting to be written to the sink, the server stops reading
 * the socket.
 */
@FunctionalInterface
public interface BodyHandler {

    /**
     * Prepares to receive the body of one request.
     *
     * @param call the request line and its session; {@link Call#body()} is {@code null}
     * @return the sink that receives the chunks
     * @throws Exception a failure; the remaining chunks are discarded and the client gets {@code ERR INTERNAL <id>}
     */
    BodySink open(Call call) throws Exception;
}
