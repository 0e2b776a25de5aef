package dev.parley.memcached.codec;

import dev.parley.codec.framing.Framing;
import dev.parley.codec.framing.FramingSpec;
import dev.parley.codec.pipeline.ProtocolCodec;
import dev.parley.codec.pipeline.Side;
import io.netty.channel.ChannelHandler;

import java.util.List;

/**
 * memcached's ASCII protocol, client side, as a {@link ProtocolCodec}: reply lines end at LF (a CR before it is
 * removed), a {@code VALUE <key> <flags> <bytes> [<cas>]} line announces a data block of {@code <bytes>} followed by
 * CR LF, delivered as {@link dev.parley.codec.framing.BlockChunk}s; lines become {@link MemcachedReplyLine}s.
 * Requests are written as pre-encoded {@code ByteBuf}s, which the pipeline passes through.
 */
public final class MemcachedClientCodec implements ProtocolCodec {

    /** Default largest value accepted in a reply: 64 MiB. */
    public static final long DEFAULT_MAX_VALUE_LENGTH = 64L * 1024 * 1024;

    private static final MemcachedClientCodec DEFAULT = new MemcachedClientCodec(DEFAULT_MAX_VALUE_LENGTH);

    private final FramingSpec framing;

    private MemcachedClientCodec(long maxValueLength) {
        this.framing = Framing.lines()
                .maxLineLength(MemcachedServerCodec.DEFAULT_MAX_LINE_LENGTH)
                .maxBlockLength(maxValueLength)
                .blockAnnouncer(ReplyBlockAnnouncer.INSTANCE)
                .blockTrailer((byte) '\r', (byte) '\n')
                .build();
    }

    /**
     * Returns the codec with the default value limit, {@link #DEFAULT_MAX_VALUE_LENGTH}.
     *
     * @return the shared codec
     */
    public static MemcachedClientCodec create() {
        return DEFAULT;
    }

    /**
     * Returns a codec accepting values up to a length; a larger one breaks the connection.
     *
     * @param maxValueLength the largest value in bytes, {@code >= 0}
     * @return the codec
     */
    public static MemcachedClientCodec create(long maxValueLength) {
        if (maxValueLength < 0) {
            throw new IllegalArgumentException("maxValueLength: " + maxValueLength + " (expected: >= 0)");
        }
        return new MemcachedClientCodec(maxValueLength);
    }

    @Override
    public String name() {
        return "memcached-text";
    }

    @Override
    public FramingSpec framing(Side side) {
        requireClient(side);
        return framing;
    }

    @Override
    public List<ChannelHandler> newCodecHandlers(Side side) {
        requireClient(side);
        return List.of(MemcachedReplyDecoder.INSTANCE);
    }

    private static void requireClient(Side side) {
        if (side != Side.CLIENT) {
            throw new IllegalArgumentException("side: " + side + " (expected: CLIENT; servers use the server codec)");
        }
    }
}
