package dev.parley.codec.framing;

import io.netty.buffer.ByteBuf;

/**
 * Tells the frame decoder whether a line announces a counted raw block that follows it.
 *
 * <p>Called once per decoded line, on the event loop, with the line's bytes (delimiter and stripped CR excluded).
 * Implementations must not change the buffer's indexes or contents. There are three answers:
 * <ul>
 *   <li>a length {@code >= 0}: exactly that many raw bytes follow the line;</li>
 *   <li>{@link #NO_BLOCK}: the line announces nothing, the next byte starts a line;</li>
 *   <li>throwing {@link MalformedAnnouncementException}: the line is in the shape of an announcement (where the
 *       protocol puts its count, there is a count token) but the count is not valid. The peer meant a block to
 *       follow and its end is unknown, so the decoder fails the stream: nothing after the line is decoded. Never
 *       answer {@link #NO_BLOCK} for such a line: the bytes meant as the block would then be read as lines.</li>
 * </ul>
 * Whether a valid count is small enough to be delivered or skipped is the decoder's decision
 * ({@link FramingSpec#maxBlockLength()}, {@link FramingSpec#maxSkipLength()}), not the announcer's. Any other
 * exception an announcer throws is treated as a malformed announcement too.
 */
@FunctionalInterface
public interface BlockAnnouncer {

    /** What {@link #blockLength(ByteBuf)} returns for a line that announces no block: {@value}. */
    long NO_BLOCK = -1;

    /** An announcer for protocols without raw blocks: never announces one. */
    BlockAnnouncer NONE = new BlockAnnouncer() {
        @Override
        public long blockLength(ByteBuf line) {
            return NO_BLOCK;
        }

        @Override
        public long blockLength(ByteBuf buf, int index, int length) {
            return NO_BLOCK;
        }
    };

    /**
     * Returns the number of raw bytes that follow the line, or {@link #NO_BLOCK} when the line announces none.
     *
     * @param line the line's bytes, from {@code readerIndex} to {@code writerIndex}
     * @return the announced length, {@code >= 0}, or {@link #NO_BLOCK}
     * @throws MalformedAnnouncementException if the line announces a block whose count is not valid; the message
     *         states the count seen and what was expected
     */
    long blockLength(ByteBuf line);

    /**
     * Returns the number of raw bytes that follow a line given as a region of a larger buffer, or {@link #NO_BLOCK}
     * when it announces none. Must agree with {@link #blockLength(ByteBuf)}; the default slices the region and calls
     * it, an implementation may read the region in place instead.
     *
     * @param buf the buffer holding the line; its indexes and contents must not be changed
     * @param index the line's first byte in {@code buf}
     * @param length the line's length
     * @return the announced length, {@code >= 0}, or {@link #NO_BLOCK}
     * @throws MalformedAnnouncementException if the line announces a block whose count is not valid
     */
    default long blockLength(ByteBuf buf, int index, int length) {
        return blockLength(buf.slice(index, length));
    }

    /**
     * How many bytes of the end of an oversized line {@link #oversizedBlockLength(ByteBuf)} is shown: {@value}.
     */
    int OVERSIZED_TAIL_LENGTH = 64;

    /**
     * Returns the number of raw bytes that follow a line over {@link FramingSpec#maxLineLength()}, which the decoder
     * rejects under {@link OversizePolicy#REJECT_AND_SKIP} without keeping it: only its last bytes are shown. The
     * decoder skips the announced block, so that a rejected line's block is never read as lines. The default knows
     * nothing of the tail and returns {@link #NO_BLOCK}; a protocol whose announcement ends the line (as Parley's
     * does) overrides it.
     *
     * @param tail the last {@value #OVERSIZED_TAIL_LENGTH} bytes of the line, or fewer; its start may fall inside a
     *             token. Its indexes and contents must not be changed
     * @return the announced length, {@code >= 0}, or {@link #NO_BLOCK}
     * @throws MalformedAnnouncementException if the tail ends in a malformed announcement
     */
    default long oversizedBlockLength(ByteBuf tail) {
        return NO_BLOCK;
    }

    /**
     * Returns the announcer for the Parley text protocol: a last token {@code {n}} (unquoted, preceded by a space
     * or alone on the line) announces {@code n} bytes, {@code n} being 1 to 18 decimal digits. A last token that
     * starts with {@code {} and ends with {@code }} but holds anything else ({@code {-1}}, {@code {abc}}, {@code {}},
     * 19 digits) is a malformed announcement. The same holds for the end of an oversized line, when its last
     * token starts within the last {@value #OVERSIZED_TAIL_LENGTH} bytes.
     *
     * @return the Parley announcer
     */
    static BlockAnnouncer parley() {
        return ParleyBlockAnnouncer.INSTANCE;
    }
}
