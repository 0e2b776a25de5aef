package dev.parley.server;

import io.netty.buffer.ByteBuf;

/**
 * Receives the chunks of one streamed request body, on the blocking executor, one call at a time.
 *
 * @see BodyHandler
 */
public interface BodySink {

    /**
     * Consumes one chunk. The server releases the buffer after this method returns: retain it to keep it.
     *
     * @param chunk the next bytes of the body, possibly empty
     * @throws Exception a failure; the rest of the body is discarded, {@link #abort(Throwable)} is called and the
     *                   client gets {@code ERR INTERNAL <id>}
     */
    void write(ByteBuf chunk) throws Exception;

    /**
     * Called after the last chunk was written.
     *
     * @return the reply to the request
     * @throws Exception a failure; answered {@code ERR INTERNAL <id>}
     */
    Reply finish() throws Exception;

    /**
     * Called instead of {@link #finish()} when the body cannot be completed: the connection closed, a chunk failed,
     * or the request timed out. The default does nothing.
     *
     * @param cause why
     */
    default void abort(Throwable cause) {
    }
}
