package dev.parley.codec.pipeline;

import dev.parley.codec.framing.FramingSpec;
import dev.parley.codec.framing.InlineDecoder;
import dev.parley.codec.spi.FailureReplies;
import dev.parley.codec.text.ParleyFailures;
import io.netty.channel.ChannelHandler;

import java.util.List;

/**
 * How a protocol plugs into the shared pipeline assembly ({@link ParleyPipeline}): its framing and its message
 * codec, for each side. The Parley text protocol is {@link ParleyTextCodec}; other line protocols (memcached's, for
 * one) implement this interface and get the same framing, idle detection and wire trace.
 */
public interface ProtocolCodec {

    /**
     * Returns the protocol's name, for logs.
     *
     * @return a short name such as {@code parley/1}
     */
    String name();

    /**
     * Returns the framing of what this side reads.
     *
     * @param side the side the pipeline serves
     * @return the framing spec; its decoder is the first stage of the pipeline
     */
    FramingSpec framing(Side side);

    /**
     * Returns new codec handlers for one channel, in pipeline order: typically a decoder from frames to messages
     * and an encoder from messages to bytes. Sharable handlers may be returned for every channel.
     *
     * @param side the side the pipeline serves
     * @return the handlers, at least one
     */
    List<ChannelHandler> newCodecHandlers(Side side);

    /**
     * Returns new codec handlers for one channel when the framing stage runs the {@link #inlineDecoder(Side) inline
     * decoder}: the handlers that come after it, without a decoder of the frames. {@link ParleyPipeline} installs
     * exactly what this returns.
     *
     * @param side the side the pipeline serves
     * @return the handlers; the default is {@link #newCodecHandlers(Side)}
     */
    default List<ChannelHandler> newCodecHandlersAfterInline(Side side) {
        return newCodecHandlers(side);
    }

    /**
     * Returns a decoder for the framing stage to run on each frame: the protocol's messages then reach the next
     * handler in one pipeline hop, and plain lines are decoded where they lie in the read buffer.
     * {@link ParleyPipeline} uses it unless the wire trace is on (the trace logs the frames between the framing and the
     * codec); it then installs {@link #newCodecHandlersAfterInline(Side)} instead of {@link #newCodecHandlers(Side)},
     * whose decoder must decode alike.
     *
     * @param side the side the pipeline serves
     * @return the inline decoder, or {@code null} (the default) to install every codec handler
     */
    default InlineDecoder inlineDecoder(Side side) {
        return null;
    }

    /**
     * Returns the server side's words for the answers the server's core makes up by itself (unknown command, wrong
     * arity, busy, time-out, shutting down, ...), as messages this codec's encoder writes.
     *
     * @return the protocol's failure replies; the default is the Parley text protocol's ({@link ParleyFailures}),
     *         which a protocol with other reply messages must replace
     */
    default FailureReplies failureReplies() {
        return ParleyFailures.INSTANCE;
    }
}
