package dev.parley.memcached;

import dev.parley.memcached.store.Item;
import dev.parley.server.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * memcached's reply lines as pre-encoded {@link Reply#raw raw} replies, and the {@code VALUE ... END} block of the
 * retrieval commands written into one pooled buffer (header, data and trailer of every hit, then {@code END}), so a
 * hit costs one allocation and one copy of the value.
 *
 * <p>Constant lines ({@code STORED}, {@code END}, errors, ...) are shared read-only direct buffers that cannot be
 * released; each reply writes a {@link ByteBuf#duplicate() duplicate} (its own indices, the same memory), so no
 * buffer is allocated or copied for them and the socket writes them from where they are.
 */
final class Replies {

    static final ByteBuf STORED = constant("STORED\r\n");
    static final ByteBuf NOT_STORED = constant("NOT_STORED\r\n");
    static final ByteBuf EXISTS = constant("EXISTS\r\n");
    static final ByteBuf NOT_FOUND = constant("NOT_FOUND\r\n");
    static final ByteBuf DELETED = constant("DELETED\r\n");
    static final ByteBuf TOUCHED = constant("TOUCHED\r\n");
    static final ByteBuf END = constant("END\r\n");
    static final ByteBuf OK = constant("OK\r\n");
    static final ByteBuf RESET = constant("RESET\r\n");
    static final ByteBuf ERROR = constant("ERROR\r\n");
    static final ByteBuf BAD_FORMAT = constant("CLIENT_ERROR bad command line format\r\n");
    static final ByteBuf BAD_DELETE =
            constant("CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n");
    static final ByteBuf BAD_EXPTIME = constant("CLIENT_ERROR invalid exptime argument\r\n");
    static final ByteBuf BAD_DELTA = constant("CLIENT_ERROR invalid numeric delta argument\r\n");
    static final ByteBuf NON_NUMERIC = constant("CLIENT_ERROR cannot increment or decrement non-numeric value\r\n");
    static final ByteBuf TOO_LARGE = constant("SERVER_ERROR object too large for cache\r\n");
    static final ByteBuf OUT_OF_MEMORY = constant("SERVER_ERROR out of memory storing object\r\n");

    private static final byte[] END_BYTES = ascii("END\r\n");
    private static final byte[] VALUE = ascii("VALUE ");
    /** Longest "VALUE" header without the key: "VALUE " + " flags(10) bytes(10) cas(20)\r\n". */
    private static final int HEADER_OVERHEAD = 6 + 1 + 10 + 1 + 10 + 1 + 20 + 2;

    private Replies() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Returns a shared, read-only, unreleasable direct buffer holding a line; write duplicates of it. */
    private static ByteBuf constant(String line) {
        byte[] bytes = ascii(line);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct).asReadOnly());
    }

    /** Returns a reply writing one of the constant lines above (CR LF included), or nothing when {@code noreply}. */
    static Reply line(ByteBuf line, boolean noreply) {
        return noreply ? Reply.none() : line(line);
    }

    /** Returns a reply writing one of the constant lines above, CR LF included. */
    static Reply line(ByteBuf line) {
        return Reply.raw(line.duplicate());
    }

    /** Writes {@code END\r\n}. */
    static void writeEnd(ByteBuf out) {
        out.writeBytes(END_BYTES);
    }

    /** Returns a reply writing an ASCII text and CR LF. */
    static Reply text(String text) {
        ByteBuf buf = ByteBufAllocator.DEFAULT.ioBuffer(text.length() + 2);
        buf.writeCharSequence(text, StandardCharsets.ISO_8859_1);
        buf.writeByte('\r').writeByte('\n');
        return Reply.raw(buf);
    }

    /** Returns the bytes one item takes in a {@code VALUE} block, plus those of {@code END}: an upper bound. */
    static int valueSize(Item item) {
        return HEADER_OVERHEAD + item.key().length() + item.value().length + 2 + END_BYTES.length;
    }

    /** Writes {@code VALUE <key> <flags> <bytes> [<cas>]\r\n<data>\r\n}. */
    static void writeValue(ByteBuf out, Item item, boolean withCas) {
        out.writeBytes(VALUE);
        out.writeCharSequence(item.key(), StandardCharsets.ISO_8859_1);
        out.writeByte(' ');
        writeDecimal(out, Integer.toUnsignedLong(item.flags()));
        out.writeByte(' ');
        byte[] value = item.value();
        writeDecimal(out, value.length);
        if (withCas) {
            out.writeByte(' ');
            writeUnsigned(out, item.cas());
        }
        out.writeByte('\r').writeByte('\n');
        out.writeBytes(value);
        out.writeByte('\r').writeByte('\n');
    }

    /** Returns the reply to a retrieval of one key: its value if found, then {@code END}. */
    static Reply values(Item item, boolean withCas) {
        if (item == null) {
            return line(END);
        }
        ByteBuf out = ByteBufAllocator.DEFAULT.ioBuffer(valueSize(item));
        writeValue(out, item, withCas);
        writeEnd(out);
        return Reply.raw(out);
    }

    /** Writes a non-negative number in decimal without allocating. */
    static void writeDecimal(ByteBuf out, long v) {
        if (v < 10) {
            out.writeByte((int) ('0' + v));
            return;
        }
        int digits = 1;
        for (long t = v / 10; t > 0; t /= 10) {
            digits++;
        }
        int end = out.writerIndex() + digits;
        out.ensureWritable(digits);
        for (int i = end - 1; i >= end - digits; i--) {
            out.setByte(i, (int) ('0' + v % 10));
            v /= 10;
        }
        out.writerIndex(end);
    }

    /** Writes an unsigned 64-bit number in decimal. */
    static void writeUnsigned(ByteBuf out, long v) {
        if (v >= 0) {
            writeDecimal(out, v);
        } else {
            out.writeCharSequence(Long.toUnsignedString(v), StandardCharsets.US_ASCII);
        }
    }
}
