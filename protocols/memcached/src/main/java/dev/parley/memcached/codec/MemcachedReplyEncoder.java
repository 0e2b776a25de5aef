package dev.parley.memcached.codec;

import dev.parley.codec.spi.BatchingEncoder;
import io.netty.buffer.ByteBuf;

/**
 * Server side: writes {@link MemcachedReply}s, handlers' and those of {@link MemcachedFailures}, straight into one
 * output buffer per flush (see {@link BatchingEncoder}); fixed lines are copies of their pre-encoded bytes and
 * {@code VALUE} blocks are written from the items themselves. {@code ByteBuf}s pass through, after the replies before
 * them. One instance per channel.
 */
public final class MemcachedReplyEncoder extends BatchingEncoder<MemcachedReply> {

    /** Creates an encoder for one channel. */
    public MemcachedReplyEncoder() {
        super(MemcachedReply.class);
    }

    @Override
    protected void encodeInto(MemcachedReply msg, ByteBuf out) {
        msg.writeTo(out);
    }

    @Override
    protected int estimateSize(MemcachedReply msg) {
        return (int) Math.min(Integer.MAX_VALUE, msg.estimatedBytes());
    }
}
