package dev.parley.codec.pipeline;

import dev.parley.codec.framing.FramingSpec;
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
}
