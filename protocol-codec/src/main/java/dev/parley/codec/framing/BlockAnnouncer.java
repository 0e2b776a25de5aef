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
    BlockAnnouncer NONE = line -> -1;

    /**
     * Returns the number of raw bytes that follow the line, or a negative number when the line announces none.
     *
     * @param line the line's bytes, from {@code readerIndex} to {@code writerIndex}
     * @return the announced length, {@code >= 0}, or {@code -1} for no block
     */
    long blockLength(ByteBuf line);

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
