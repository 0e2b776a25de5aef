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
     * Decodes any other frame: a {@link LineFrame} (a line announcing a block), an {@link OversizedLine} or a
     * {@link BlockChunk}. Ownership of the frame passes to this method, which releases it or passes it on.
     *
     * @param frame the frame
     * @return the message to pass on (possibly the frame itself), or {@code null} for none
     */
    Object decodeFrame(Object frame);
}
