package dev.parley.codec.framing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One decoded line that announces a raw block, without its delimiter (and without the CR that
 * {@link Delimiter#lf()} strips). The receiver owns it and must release it. {@link FrameDecoder} emits lines that
 * announce no block as plain {@code ByteBuf}s, without this wrapper; decoders after it accept both.
 *
 * <p>{@link #blockLength()} says how long the block is; the block's {@link BlockChunk}s
 * follow unless {@link #blockRejected()} is true, in which case the block was over the maximum and is discarded
 * by the decoder without being delivered.
 */
public final class LineFrame extends DefaultByteBufHolder {

    private final long blockLength;
    private final boolean blockRejected;

    /**
     * Creates a line frame.
     *
     * @param line the line's bytes; ownership passes to the frame
     * @param blockLength the announced block length, or {@code -1} for none
     * @param blockRejected whether the announced block exceeds the maximum and will not be delivered
     */
    public LineFrame(ByteBuf line, long blockLength, boolean blockRejected) {
        super(line);
        this.blockLength = blockLength;
        this.blockRejected = blockRejected;
    }

    /** @return the announced block length, or {@code -1} when the line announces no block */
    public long blockLength() {
        return blockLength;
    }

    /** @return whether the line announces a block */
    public boolean hasBlock() {
        return blockLength >= 0;
    }

    /** @return whether the announced block exceeded the maximum and is being discarded instead of delivered */
    public boolean blockRejected() {
        return blockRejected;
    }

    @Override
    public LineFrame replace(ByteBuf content) {
        return new LineFrame(content, blockLength, blockRejected);
    }

    @Override
    public LineFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public LineFrame retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public LineFrame touch() {
        super.touch();
        return this;
    }

    @Override
    public LineFrame touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "LineFrame(" + content().readableBytes() + " bytes"
                + (hasBlock() ? ", block " + blockLength + (blockRejected ? " rejected" : "") : "") + ')';
    }
}
