package dev.parley.codec.text;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import dev.parley.codec.spi.BatchingEncoder;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.EncoderException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Server side: writes a {@link ParleyReply} as one line ending in LF. A body announced by {@code OK ... {n}} is
 * written by the caller right after the reply, as {@code ByteBuf}s or a {@code FileRegion}; they pass through this
 * encoder untouched, after the lines before them.
 *
 * <p>Reply lines written with a void promise are gathered into one buffer until {@code flush()} (see
 * {@link BatchingEncoder}): a pipelined burst of replies costs one write and one outbound entry. The constant replies
 * ({@link ParleyReply#OK}, {@link ParleyReply#PONG}) are written as a few fixed bytes. One instance per channel. A
 * reply that cannot be encoded fails with an {@link EncoderException}.
 */
public final class ParleyReplyEncoder extends BatchingEncoder<ParleyReply> {

    private static final ByteBuf OK_LINE = constant("OK\n");
    private static final ByteBuf PONG_LINE = constant("OK pong\n");
    /** {@code "OK pong\n"}: exactly eight bytes, written as one big-endian long. */
    private static final long PONG_WORD = PONG_LINE.getLong(PONG_LINE.readerIndex());
    private static final short OK_SHORT = (short) ('O' << 8 | 'K');

    /** Creates an encoder for one channel. */
    public ParleyReplyEncoder() {
        super(ParleyReply.class);
    }

    /**
     * A direct buffer made by wrapping, not by an allocator: the leak detector never samples it, so every write of
     * the constant costs the same (a sampled one would add a leak-aware wrapper to each duplicate).
     */
    private static ByteBuf constant(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct).asReadOnly());
    }

    @Override
    protected void encodeInto(ParleyReply msg, ByteBuf out) {
        encode(msg, out);
    }

    @Override
    protected int estimateSize(ParleyReply msg) {
        return estimate(msg);
    }

    private static int estimate(ParleyReply msg) {
        int estimate = 16 + msg.message().length() * 3;
        for (String a : msg.args()) {
            estimate += a.length() + 3;
        }
        return estimate;
    }

    /**
     * Encodes a reply line into a buffer of its own, as this encoder writes it: {@link ParleyReply#OK} and
     * {@link ParleyReply#PONG} as read-only duplicates of shared buffers (releasing them is harmless), any other
     * line into a new I/O buffer.
     *
     * @param msg the reply
     * @param alloc the allocator for the buffer
     * @return the encoded line, LF included; the caller owns it
     * @throws EncoderException if the reply cannot be encoded
     */
    public static ByteBuf encode(ParleyReply msg, ByteBufAllocator alloc) {
        if (msg == ParleyReply.PONG) {
            return PONG_LINE.duplicate();
        }
        if (msg == ParleyReply.OK) {
            return OK_LINE.duplicate();
        }
        ByteBuf buf = alloc.ioBuffer(estimate(msg));
        try {
            encode(msg, buf);
        } catch (RuntimeException e) {
            buf.release();
            throw new EncoderException(e);
        }
        return buf;
    }

    /**
     * Writes the reply line, LF included.
     *
     * @param msg the reply
     * @param out the buffer to write to
     */
    public static void encode(ParleyReply msg, ByteBuf out) {
        if (msg == ParleyReply.PONG) {
            out.writeLong(PONG_WORD);
            return;
        }
        if (msg == ParleyReply.OK) {
            out.writeShort(OK_SHORT).writeByte('\n');
            return;
        }
        ParleyReply.Kind kind = msg.kind();
        if (kind == ParleyReply.Kind.OK) {
            out.writeShort(OK_SHORT);
        } else {
            out.writeCharSequence(kind.name(), StandardCharsets.US_ASCII);
        }
        if (msg.code() != null) {
            out.writeByte(' ');
            out.writeCharSequence(msg.code().name(), StandardCharsets.US_ASCII);
            if (!msg.message().isEmpty()) {
                out.writeByte(' ');
                ByteBufUtil.writeUtf8(out, msg.message());
            }
        }
        List<String> args = msg.args();
        for (int i = 0, n = args.size(); i < n; i++) {
            out.writeByte(' ');
            ParleyText.writeArg(out, args.get(i));
        }
        if (msg.hasBody()) {
            out.writeByte(' ').writeByte('{');
            out.writeCharSequence(Long.toString(msg.bodyLength()), StandardCharsets.US_ASCII);
            out.writeByte('}');
        }
        out.writeByte('\n');
    }
}
