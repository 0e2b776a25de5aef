package dev.parley.codec.framing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;

/**
 * A piece of a counted raw block. A block of n bytes arrives as one or more chunks, the final one flagged
 * {@link #isLast()}; a block of 0 bytes is a single empty last chunk. The receiver owns each chunk and must release it.
 */
public final class BlockChunk extends DefaultByteBufHolder {

    private final boolean last;
    private final boolean trailerValid;

    /**
     * Creates a chunk.
     *
     * @param content the bytes; ownership passes to the chunk
     * @param last whether this chunk ends the block
     * @param trailerValid for a last chunk, whether the bytes after the block matched the spec's trailer (always
     *                     {@code true} without a trailer); ignored otherwise
     */
    public BlockChunk(ByteBuf content, boolean last, boolean trailerValid) {
        super(content);
        this.last = last;
        this.trailerValid = trailerValid;
    }

    /**
     * Creates the empty last chunk of a block.
     *
     * @return an empty last chunk with a valid trailer
     */
    public static BlockChunk emptyLast() {
        return new BlockChunk(Unpooled.EMPTY_BUFFER, true, true);
    }

    /** @return whether this chunk ends its block */
    public boolean isLast() {
        return last;
    }

    /** @return for a last chunk, whether the trailer after the block was as expected */
    public boolean trailerValid() {
        return trailerValid;
    }

    @Override
    public BlockChunk replace(ByteBuf content) {
        return new BlockChunk(content, last, trailerValid);
    }

    @Override
    public BlockChunk retain() {
        super.retain();
        return this;
    }

    @Override
    public BlockChunk retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public BlockChunk touch() {
        super.touch();
        return this;
    }

    @Override
    public BlockChunk touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "BlockChunk(" + content().readableBytes() + " bytes" + (last ? ", last" : "")
                + (last && !trailerValid ? ", bad trailer" : "") + ')';
    }
}
