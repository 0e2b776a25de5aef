package dev.parley.memcached.codec;

import dev.parley.codec.text.ErrorCode;
import dev.parley.codec.text.ParleyReply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Server side: writes {@link ParleyReply}s in memcached's words. {@code OK a b} becomes the line {@code a b} (so a
 * handler answers {@code ParleyReply.ok("STORED")}); errors map as memcached sends them:
 * <ul>
 *   <li>{@code UNKNOWN_COMMAND} → {@code ERROR}</li>
 *   <li>{@code BAD_REQUEST} (a data block without its CR LF) → {@code CLIENT_ERROR bad data chunk}</li>
 *   <li>{@code CLIENT_ERROR}, {@code BAD_ARGS} → {@code CLIENT_ERROR <message>}
 *       ({@code bad command line format} when the message is empty); {@code TOO_LONG} → {@code CLIENT_ERROR line too long}</li>
 *   <li>{@code TOO_LARGE} → {@code SERVER_ERROR object too large for cache}</li>
 *   <li>every other code ({@code SERVER_ERROR}, {@code INTERNAL}, {@code TIMEOUT}, {@code BUSY}, ...) →
 *       {@code SERVER_ERROR <message>}</li>
 *   <li>{@code BYE BUSY} → {@code ERROR Too many open connections}; {@code BYE PROTOCOL} (a framing violation:
 *       a {@code <bytes>} token that is not a count) → {@code CLIENT_ERROR bad command line format}, memcached's
 *       answer to such a line, before the connection closes; other {@code BYE}s write nothing (memcached just
 *       closes)</li>
 * </ul>
 * Lines end with CR LF. Raw {@code ByteBuf}s (pre-encoded {@code VALUE} blocks) pass through untouched. Sharable.
 */
@Sharable
public final class MemcachedReplyEncoder extends MessageToMessageEncoder<ParleyReply> {

    /** The shared instance. */
    public static final MemcachedReplyEncoder INSTANCE = new MemcachedReplyEncoder();

    private MemcachedReplyEncoder() {
        super(ParleyReply.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ParleyReply msg, List<Object> out) {
        String line = toLine(msg);
        if (line == null) {
            out.add(Unpooled.EMPTY_BUFFER);
            return;
        }
        ByteBuf buf = ctx.alloc().ioBuffer(line.length() + 2);
        buf.writeCharSequence(line, StandardCharsets.ISO_8859_1);
        buf.writeByte('\r').writeByte('\n');
        out.add(buf);
    }

    /**
     * Returns the memcached line for a reply, without CR LF.
     *
     * @param reply the reply
     * @return the line, or {@code null} when nothing is written
     */
    public static String toLine(ParleyReply reply) {
        switch (reply.kind()) {
            case OK:
                return String.join(" ", reply.args());
            case ERR:
                return errorLine(reply.code(), reply.message());
            case BYE:
                if (reply.code().equals(ErrorCode.BUSY)) {
                    return "ERROR Too many open connections";
                }
                // The server's only BYE PROTOCOL here is a framing violation: a <bytes> token that is not a count.
                return reply.code().equals(ErrorCode.PROTOCOL) ? "CLIENT_ERROR bad command line format" : null;
            default:
                return null;
        }
    }

    private static String errorLine(ErrorCode code, String message) {
        String name = code.name();
        switch (name) {
            case "UNKNOWN_COMMAND":
                return "ERROR";
            case "TOO_LONG":
                return "CLIENT_ERROR line too long";
            case "TOO_LARGE":
                return "SERVER_ERROR object too large for cache";
            case "BAD_REQUEST":
                // The server's only BAD_REQUEST is a data block not followed by CR LF.
                return "CLIENT_ERROR bad data chunk";
            case "CLIENT_ERROR":
            case "BAD_ARGS":
                return "CLIENT_ERROR " + (message.isEmpty() ? "bad command line format" : message);
            default:
                return "SERVER_ERROR " + (message.isEmpty() ? name.toLowerCase(java.util.Locale.ROOT) : message);
        }
    }
}
