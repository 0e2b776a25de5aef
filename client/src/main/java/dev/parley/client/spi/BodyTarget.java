package dev.parley.client.spi;

import dev.parley.client.BodySink;
import dev.parley.client.Reply;
import dev.parley.client.Request;
import io.netty.buffer.ByteBuf;

/**
 * Where a {@link ReplyAssembler} puts a reply body: the session aggregates it (bounded) or hands it to the caller's
 * {@link BodySink}, whichever the request asked for. Implemented by the session.
 */
public interface BodyTarget {

    /**
     * Announces a body; called once, before the first chunk.
     *
     * @param head the reply line without body
     * @param length the body length, or {@code -1} when unknown
     * @throws Exception when the sink refuses
     */
    void begin(Reply head, long length) throws Exception;

    /**
     * Hands over a piece of the body. The target does not take ownership: the assembler releases the chunk after.
     *
     * @param chunk the bytes
     * @throws Exception when the sink fails or the body exceeds the aggregation limit
     */
    void chunk(ByteBuf chunk) throws Exception;

    /**
     * Returns the request this reply answers, for a protocol whose reply shape depends on it (memcached's quiet
     * meta commands, for one, end at an {@code MN} that the request asked for). The request of an abandoned call
     * (whose late reply is dropped) is given too.
     *
     * @return the request, or {@code null} when no request is known
     */
    default Request request() {
        return null;
    }
}
