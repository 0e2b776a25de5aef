package dev.parley.codec.pipeline;

import dev.parley.codec.framing.Framing;
import dev.parley.codec.framing.FramingSpec;
import dev.parley.codec.framing.InlineDecoder;
import dev.parley.codec.text.ParleyReplyDecoder;
import dev.parley.codec.text.ParleyReplyEncoder;
import dev.parley.codec.text.ParleyRequestDecoder;
import dev.parley.codec.text.ParleyRequestEncoder;
import io.netty.channel.ChannelHandler;

import java.util.List;
import java.util.Objects;

/**
 * The Parley text protocol v1 ({@code docs/PROTOCOL.md}) as a {@link ProtocolCodec}: LF lines with {@code {n}} raw
 * blocks; the server reads {@link dev.parley.codec.text.ParleyRequest}s and writes
 * {@link dev.parley.codec.text.ParleyReply}s, the client the other way round.
 */
public final class ParleyTextCodec implements ProtocolCodec {

    /** Default maximum body of a request or reply: 1 GiB. */
    public static final long DEFAULT_MAX_BODY_LENGTH = FramingSpec.DEFAULT_MAX_BLOCK_LENGTH;

    private static final ParleyTextCodec DEFAULT = new ParleyTextCodec(Framing.parley().build());

    private final FramingSpec framing;

    private ParleyTextCodec(FramingSpec framing) {
        this.framing = framing;
    }

    /**
     * Returns the codec with the default limits: 8192-byte lines, 1 GiB bodies, 64 KiB chunks.
     *
     * @return the shared default codec
     */
    public static ParleyTextCodec create() {
        return DEFAULT;
    }

    /**
     * Returns the codec with the given framing limits. The spec's block announcer is replaced by the Parley one.
     *
     * @param framing limits (line length, oversize policy, chunk size, maximum body)
     * @return the codec
     */
    public static ParleyTextCodec create(FramingSpec framing) {
        Objects.requireNonNull(framing, "framing");
        return new ParleyTextCodec(framing.toBuilder()
                .blockAnnouncer(dev.parley.codec.framing.BlockAnnouncer.parley()).build());
    }

    @Override
    public String name() {
        return "parley/1";
    }

    @Override
    public FramingSpec framing(Side side) {
        return framing;
    }

    @Override
    public List<ChannelHandler> newCodecHandlers(Side side) {
        return side == Side.SERVER
                ? List.of(ParleyRequestDecoder.INSTANCE, new ParleyReplyEncoder())
                : List.of(ParleyReplyDecoder.INSTANCE, ParleyRequestEncoder.INSTANCE);
    }

    /** @return on the server side the reply encoder alone (the framing runs the request decoder), else as usual */
    @Override
    public List<ChannelHandler> newCodecHandlersAfterInline(Side side) {
        return side == Side.SERVER ? List.of(new ParleyReplyEncoder()) : newCodecHandlers(side);
    }

    /**
     * Returns the request decoder on the server side, which the framing stage then runs on each frame; none on the
     * client side.
     *
     * @param side the side the pipeline serves
     * @return {@link ParleyRequestDecoder#INSTANCE} for {@link Side#SERVER}, else {@code null}
     */
    @Override
    public InlineDecoder inlineDecoder(Side side) {
        return side == Side.SERVER ? ParleyRequestDecoder.INSTANCE : null;
    }

    @Override
    public String toString() {
        return "ParleyTextCodec{" + framing + '}';
    }
}
