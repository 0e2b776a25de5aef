package dev.parley.memcached.codec;

import dev.parley.codec.framing.Framing;
import dev.parley.codec.framing.FramingSpec;
import dev.parley.codec.framing.InlineDecoder;
import dev.parley.codec.pipeline.ProtocolCodec;
import dev.parley.codec.pipeline.Side;
import io.netty.channel.ChannelHandler;

import java.util.List;

/**
 * memcached's ASCII protocol, server side, as a {@link ProtocolCodec} for {@code ParleyServer}: command lines end at
 * LF (a CR before it is removed), storage commands carry a data block counted by their {@code <bytes>} token and
 * followed by CR LF, and replies are written in memcached's words by {@link MemcachedReplyEncoder}.
 *
 * <p>A data block over the item size limit is answered {@code SERVER_ERROR object too large for cache} and its bytes
 * are skipped, as memcached swallows them, for counts up to {@link MemcachedBlockAnnouncer#MAX_COUNT}, the largest
 * memcached accepts. A {@code <bytes>} token that is not a count, or a larger count, is a framing violation (see
 * {@link MemcachedBlockAnnouncer}): the server answers {@code CLIENT_ERROR bad command line format} once and closes
 * the connection, so the data the client sent is never read as commands.
 *
 * @see <a href="https://github.com/memcached/memcached/blob/master/doc/protocol.txt">memcached protocol.txt</a>
 */
public final class MemcachedServerCodec implements ProtocolCodec {

    /** Default maximum command line: 64 KiB, far above any command but a multi-key retrieval. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 64 * 1024;

    /**
     * Default maximum retrieval line ({@code get}, {@code gets}, {@code gat}, {@code gats}): 4 MiB, enough for 10,000
     * keys of the maximum 250 bytes. memcached 1.6 reads such lines of any length (it grows its buffer for them) and
     * closes the connection on any other line of a few KiB; this server keeps a bound for both, so one connection
     * holds at most 64 KiB of an unfinished command line and 4 MiB of an unfinished multi-get.
     */
    public static final int DEFAULT_MAX_RETRIEVAL_LINE_LENGTH = 4 * 1024 * 1024;

    private static final List<String> RETRIEVAL_PREFIXES = List.of("get ", "gets ", "gat ", "gats ");

    private final FramingSpec framing;

    private MemcachedServerCodec(long maxItemSize, int maxLineLength) {
        this.framing = Framing.lines()
                .maxLineLength(maxLineLength)
                .longLines(Math.max(maxLineLength, DEFAULT_MAX_RETRIEVAL_LINE_LENGTH), RETRIEVAL_PREFIXES)
                .maxBlockLength(maxItemSize)
                .maxSkipLength(MemcachedBlockAnnouncer.MAX_COUNT)
                .blockAnnouncer(MemcachedBlockAnnouncer.REQUESTS)
                .blockTrailer((byte) '\r', (byte) '\n')
                .build();
    }

    /**
     * Returns the codec for a server whose items are at most {@code maxItemSize} bytes: a larger data block is
     * answered {@code SERVER_ERROR object too large for cache} and skipped.
     *
     * @param maxItemSize the item size limit in bytes, {@code > 0}
     * @return the codec
     */
    public static MemcachedServerCodec create(long maxItemSize) {
        if (maxItemSize <= 0) {
            throw new IllegalArgumentException("maxItemSize: " + maxItemSize + " (expected: > 0)");
        }
        return new MemcachedServerCodec(maxItemSize, DEFAULT_MAX_LINE_LENGTH);
    }

    @Override
    public String name() {
        return "memcached-text";
    }

    @Override
    public FramingSpec framing(Side side) {
        requireServer(side);
        return framing;
    }

    @Override
    public List<ChannelHandler> newCodecHandlers(Side side) {
        requireServer(side);
        return List.of(MemcachedRequestDecoder.INSTANCE, new MemcachedReplyEncoder());
    }

    /** @return the reply encoder alone: the framing stage runs the request decoder */
    @Override
    public List<ChannelHandler> newCodecHandlersAfterInline(Side side) {
        requireServer(side);
        return List.of(new MemcachedReplyEncoder());
    }

    /** @return {@link MemcachedRequestDecoder#INSTANCE}, which the framing stage runs on each frame */
    @Override
    public InlineDecoder inlineDecoder(Side side) {
        requireServer(side);
        return MemcachedRequestDecoder.INSTANCE;
    }

    /** @return memcached's words for the server core's own answers */
    @Override
    public MemcachedFailures failureReplies() {
        return MemcachedFailures.INSTANCE;
    }

    private static void requireServer(Side side) {
        if (side != Side.SERVER) {
            throw new IllegalArgumentException("side: " + side + " (expected: SERVER; clients use the client codec)");
        }
    }
}
