package dev.parley.server;

import io.netty.buffer.ByteBuf;

/**
 * Receives the chunks of one streamed request body, on the blocking executor, one call at a time.
 *
 * <p>The client's {@code dev.parley.client.BodySink} receives a streamed reply body with the same words.
 *
 * @see BodyHandler
 */
public interface BodySink {

    /**
     * Consumes one chunk. The server releases the buffer after this method returns: retain it to keep it.
     *
     * @param chunk the next bytes of the body, possibly empty
     * @throws Exception a failure; the rest of the body is discarded, {@link #onError(Throwable)} is called and the
     *                   client gets {@code ERR INTERNAL <id>}
     */
    void onChunk(ByteBuf chunk) throws Exception;

    /**
     * Called after the last chunk was written.
     *
     * @return the reply to the request
     * @throws Exception a failure; answered {@code ERR INTERNAL <id>}
     */
    Reply onComplete() throws Exception;

    /**
     * Called instead of {@link #onComplete()} when the body cannot be completed: the connection closed, a chunk failed,
     * or the request timed out. The default does nothing.
     *
     * @param cause why
     */
    default void onError(Throwable cause) {
    }
}
