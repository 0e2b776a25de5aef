package dev.parley.codec.framing;

import io.netty.buffer.ByteBuf;

/**
 * A protocol decoder that a {@link FrameDecoder} runs on each frame it cuts, inside the framing stage, instead of a
 * separate handler after it. The next handler then receives the protocol's messages directly: one pipeline hop per
 * message instead of two, and a plain line is decoded where it lies in the read buffer, without a slice of its own.
 * Made with {@link FramingSpec#newDecoder(InlineDecoder)}.
 *
 * <p>Called on the event loop, in stream order. An exception thrown by either method is raised by the framing stage
 * as a {@link io.netty.handler.codec.DecoderException}; the frame's bytes are consumed in any case, so decoding goes
 * on with the next frame.
 */
public interface InlineDecoder {

    /**
     * Decodes a line that announces no block, in place.
     *
     * @param buf the read buffer holding the line; its indexes and contents must not be changed, nor a reference to
     *            it kept (copy, or take a retained slice, to keep bytes)
     * @param index the line's first byte in {@code buf}
     * @param length the line's length, delimiter (and stripped CR) excluded
     * @return the message to pass on, or {@code null} for none
     */
    Object decodeLine(ByteBuf buf, int index, int length);

    /**
     * Decodes a line that announces a block, in place. The block's bytes follow through
     * {@link #decodeBlock(ByteBuf, int, int, boolean, boolean)}, unless the block is rejected (over
     * {@link FramingSpec#maxBlockLength()}): it is then skipped, and none follow.
     *
     * <p>The default passes a {@link LineFrame} over a retained slice of the line to {@link #decodeFrame(Object)}.
     *
     * @param buf the read buffer holding the line, under the same rules as in {@link #decodeLine}
     * @param index the line's first byte in {@code buf}
     * @param length the line's length, delimiter (and stripped CR) excluded
     * @param blockLength the announced block length, {@code >= 0}
     * @param blockRejected whether the block is over the limit and will be skipped
     * @return the message to pass on, or {@code null} for none
     */
    default Object decodeAnnouncingLine(ByteBuf buf, int index, int length, long blockLength, boolean blockRejected) {
        return decodeFrame(new LineFrame(buf.retainedSlice(index, length), blockLength, blockRejected));
    }

    /**
     * Decodes a piece of a block, in place: the bytes a {@link BlockChunk} would carry.
     *
     * <p>The default passes a {@link BlockChunk} over a retained slice of the bytes to {@link #decodeFrame(Object)}.
     *
     * @param buf the read buffer holding the bytes, under the same rules as in {@link #decodeLine}
     * @param index the first byte in {@code buf}
     * @param length the number of bytes, possibly 0 for the last piece
     * @param last whether this is the block's last piece
     * @param trailerValid for the last piece, whether the block's trailer was the expected one
     * @return the message to pass on, or {@code null} for none
     */
    default Object decodeBlock(ByteBuf buf, int index, int length, boolean last, boolean trailerValid) {
        return decodeFrame(new BlockChunk(buf.retainedSlice(index, length), last, trailerValid));
    }

    /**
     * Decodes any other frame: an {@link OversizedLine}, or the {@link LineFrame} and {@link BlockChunk}s that the
     * default {@link #decodeAnnouncingLine} and {@link #decodeBlock} make. Ownership of the frame passes to this method, which releases it or passes it on.
     *
     * @param frame the frame
     * @return the message to pass on (possibly the frame itself), or {@code null} for none
     */
    Object decodeFrame(Object frame);
}
