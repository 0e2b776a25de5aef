package dev.parley.codec.framing;

import io.netty.buffer.ByteBuf;

/**
 * Delivers the counted raw block announced by a line for {@link FrameDecoder}: its bytes as {@link BlockChunk}s of at
 * most {@link FramingSpec#chunkSize()} bytes as they arrive, the last one once the trailer after it can be checked, or,
 * for a block over {@link FramingSpec#maxBlockLength()}, nothing at all while its bytes and trailer are skipped
 * ({@link FrameDecoder} has already refused a block over {@link FramingSpec#maxSkipLength()} as a violation, so the
 * skipping is bounded).
 * Not thread-safe; one per decoder.
 */
final class BlockReader {

    private final byte[] trailer;
    private final int chunkSize;
    private final long maxBlockLength;

    /** Bytes of the current block still to come: trailer excluded when reading, included when skipping. */
    private long remaining;
    private long blockLength;
    private boolean skipping;
    /** What {@link #next} found about the chunk it consumed. */
    private boolean last;
    private boolean trailerValid;

    BlockReader(FramingSpec spec) {
        this.trailer = spec.rawBlockTrailer();
        this.chunkSize = spec.chunkSize();
        this.maxBlockLength = spec.maxBlockLength();
    }

    /**
     * Starts the block a line announced.
     *
     * @return {@code false} when the block is over the limit and is to be skipped
     */
    boolean start(long announced) {
        skipping = announced > maxBlockLength;
        blockLength = announced;
        remaining = skipping ? announced + trailer.length : announced;
        return !skipping;
    }

    /** Starts skipping a block whose line was rejected, whatever its length. */
    void startSkipping(long announced) {
        skipping = true;
        blockLength = announced;
        remaining = announced + trailer.length;
    }

    /** Returns the next chunk of the block, or {@code null} when more bytes are needed. */
    BlockChunk nextChunk(ByteBuf in) {
        int at = in.readerIndex();
        int size = next(in);
        return size < 0 ? null : new BlockChunk(in.retainedSlice(at, size), last, trailerValid);
    }

    /**
     * Consumes the next chunk of the block (and, for the last one, its trailer), leaving its bytes where they lie
     * from the reader index at the call; {@link #last()} and {@link #trailerValid()} then describe it.
     *
     * @return the chunk's size, or {@code -1} when more bytes are needed (nothing is consumed then)
     */
    int next(ByteBuf in) {
        int available = in.readableBytes();
        last = false;
        trailerValid = true;
        if (remaining > chunkSize || available < remaining) {
            int size = (int) Math.min(Math.min(available, remaining), chunkSize);
            if (size == 0 || size == remaining) {
                return -1;
            }
            remaining -= size;
            in.skipBytes(size);
            return size;
        }
        if (available < remaining + trailer.length) {
            // The block is here but not its trailer: deliver all of it but its last byte, as it is delivered when
            // its bytes come one read at a time, so that what arrives does not depend on how the input was split.
            if (remaining <= 1) {
                return -1;
            }
            int size = (int) remaining - 1;
            remaining = 1;
            in.skipBytes(size);
            return size;
        }
        int size = (int) remaining;
        in.skipBytes(size);
        trailerValid = trailerMatches(in);
        in.skipBytes(trailer.length);
        remaining = 0;
        last = true;
        return size;
    }

    /** @return whether the chunk {@link #next} consumed last is the block's last */
    boolean last() {
        return last;
    }

    /** @return for the block's last chunk, whether its trailer was the expected one */
    boolean trailerValid() {
        return trailerValid;
    }

    /** Discards bytes of a rejected block and its trailer; returns whether all of them are gone. */
    boolean skip(ByteBuf in) {
        int skip = (int) Math.min(in.readableBytes(), remaining);
        in.skipBytes(skip);
        remaining -= skip;
        return remaining == 0;
    }

    /**
     * The block bytes received so far, trailer excluded, for the truncation report: those delivered or skipped, and
     * those of {@code held} (bytes read but not yet consumed) that belong to the block.
     */
    long received(int held) {
        long left = skipping ? Math.max(0, remaining - trailer.length) : Math.max(0, remaining - held);
        return blockLength - left;
    }

    /** The announced length of the current block. */
    long blockLength() {
        return blockLength;
    }

    void reset() {
        remaining = 0;
        blockLength = 0;
        skipping = false;
    }

    private boolean trailerMatches(ByteBuf in) {
        int at = in.readerIndex();
        for (int i = 0; i < trailer.length; i++) {
            if (in.getByte(at + i) != trailer[i]) {
                return false;
            }
        }
        return true;
    }
}
