package dev.parley.codec.framing;

import io.netty.buffer.ByteBuf;

/**
 * Tells the frame decoder whether a line announces a counted raw block that follows it.
 *
 * <p>Called once per decoded line, on the event loop, with the line's bytes (delimiter and stripped CR excluded).
 * Implementations must not change the buffer's indexes or contents.
 */
@FunctionalInterface
public interface BlockAnnouncer {

    /** An announcer for protocols without raw blocks: never announces one. */
    BlockAnnouncer NONE = new BlockAnnouncer() {
        @Override
        public long blockLength(ByteBuf line) {
            return -1;
        }

        @Override
        public long blockLength(ByteBuf buf, int index, int length) {
            return -1;
        }
    };

    /**
     * Returns the number of raw bytes that follow the line, or a negative number when the line announces none.
     *
     * @param line the line's bytes, from {@code readerIndex} to {@code writerIndex}
     * @return the announced length, {@code >= 0}, or {@code -1} for no block
     */
    long blockLength(ByteBuf line);

    /**
     * Returns the number of raw bytes that follow a line given as a region of a larger buffer, or a negative number
     * when it announces none. Must agree with {@link #blockLength(ByteBuf)}; the default slices the region and calls
     * it, an implementation may read the region in place instead.
     *
     * @param buf the buffer holding the line; its indexes and contents must not be changed
     * @param index the line's first byte in {@code buf}
     * @param length the line's length
     * @return the announced length, {@code >= 0}, or {@code -1} for no block
     */
    default long blockLength(ByteBuf buf, int index, int length) {
        return blockLength(buf.slice(index, length));
    }

    /**
     * Returns the announcer for the Parley text protocol: a last token {@code {n}} (unquoted, preceded by a space
     * or alone on the line) announces {@code n} bytes.
     *
     * @return the Parley announcer
     */
    static BlockAnnouncer parley() {
        return ParleyBlockAnnouncer.INSTANCE;
    }
}
