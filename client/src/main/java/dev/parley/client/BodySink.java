package dev.parley.client;

import io.netty.buffer.ByteBuf;

/**
 * Receives a reply body as it arrives instead of aggregating it, for bodies larger than memory (a file pull). Used
 * with {@link Session#send(Request, BodySink)}. Called on the session's event loop, in order: {@link #onStart}
 * once, {@link #onChunk} for each piece, then the send's future completes (with the reply line and an empty body),
 * or fails. Slow sinks apply backpressure with the {@link StreamControl} given to {@link #onStart}.
 *
 * <p>A streamed request is retried only while no chunk was delivered; once bytes went to the sink a lost
 * connection fails the call with {@link ConnectionLostException}.
 */
public interface BodySink {

    /**
     * Called when the reply line arrives, before any chunk.
     *
     * @param head the reply line (status, arguments), without body
     * @param bodyLength the announced body length, or {@code -1} when the reply has no body
     * @param control pauses and resumes reading from the connection
     */
    void onStart(Reply head, long bodyLength, StreamControl control);

    /**
     * Called for each piece of the body. The chunk is only valid during the call; the sink must
     * {@link ByteBuf#retain() retain} it to keep it and then release it itself.
     *
     * @param chunk the bytes
     * @throws Exception to abort: the call fails and the connection is re-established
     */
    void onChunk(ByteBuf chunk) throws Exception;

    /**
     * Called when the call fails after {@link #onStart}, so the sink can discard what it wrote.
     *
     * @param cause why
     */
    default void onError(Throwable cause) {
    }
}
