package dev.parley.client.spi;

import dev.parley.client.BodySink;
import dev.parley.client.Reply;
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
}
