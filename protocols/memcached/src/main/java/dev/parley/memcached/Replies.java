package dev.parley.memcached;

import dev.parley.memcached.store.Item;
import dev.parley.server.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/**
 * memcached's reply lines as pre-encoded {@link Reply#raw raw} replies, and the {@code VALUE ... END} block of the
 * retrieval commands written into one pooled buffer (header, data and trailer of every hit, then {@code END}), so a
 * hit costs one allocation and one copy of the value.
 */
final class Replies {

    static final byte[] STORED = ascii("STORED\r\n");
    static final byte[] NOT_STORED = ascii("NOT_STORED\r\n");
    static final byte[] EXISTS = ascii("EXISTS\r\n");
    static final byte[] NOT_FOUND = ascii("NOT_FOUND\r\n");
    static final byte[] DELETED = ascii("DELETED\r\n");
    static final byte[] TOUCHED = ascii("TOUCHED\r\n");
    static final byte[] END = ascii("END\r\n");
    static final byte[] OK = ascii("OK\r\n");
    static final byte[] RESET = ascii("RESET\r\n");
    static final byte[] ERROR = ascii("ERROR\r\n");
    static final byte[] BAD_FORMAT = ascii("CLIENT_ERROR bad command line format\r\n");
    static final byte[] BAD_DELETE = ascii("CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n");
    static final byte[] BAD_EXPTIME = ascii("CLIENT_ERROR invalid exptime argument\r\n");
    static final byte[] BAD_DELTA = ascii("CLIENT_ERROR invalid numeric delta argument\r\n");
    static final byte[] NON_NUMERIC = ascii("CLIENT_ERROR cannot increment or decrement non-numeric value\r\n");
    static final byte[] TOO_LARGE = ascii("SERVER_ERROR object too large for cache\r\n");
    static final byte[] OUT_OF_MEMORY = ascii("SERVER_ERROR out of memory storing object\r\n");

    private static final byte[] VALUE = ascii("VALUE ");
    /** Longest "VALUE" header without the key: "VALUE " + " flags(10) bytes(10) cas(20)\r\n". */
    private static final int HEADER_OVERHEAD = 6 + 1 + 10 + 1 + 10 + 1 + 20 + 2;

    private Replies() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Returns a reply writing the given line (CR LF included), or nothing when {@code noreply}. */
    static Reply line(byte[] line, boolean noreply) {
        return noreply ? Reply.none() : line(line);
    }

    /** Returns a reply writing the given line, CR LF included. */
    static Reply line(byte[] line) {
        return Reply.raw(ByteBufAllocator.DEFAULT.ioBuffer(line.length).writeBytes(line));
    }

    /** Returns a reply writing an ASCII text and CR LF. */
    static Reply text(String text) {
        ByteBuf buf = ByteBufAllocator.DEFAULT.ioBuffer(text.length() + 2);
        buf.writeCharSequence(text, StandardCharsets.ISO_8859_1);
        buf.writeByte('\r').writeByte('\n');
        return Reply.raw(buf);
    }

    /** Returns the bytes one item takes in a {@code VALUE} block, an upper bound. */
    static int valueSize(Item item) {
        return HEADER_OVERHEAD + item.key().length() + item.value().length + 2;
    }

    /** Writes {@code VALUE <key> <flags> <bytes> [<cas>]\r\n<data>\r\n}. */
    static void writeValue(ByteBuf out, Item item, boolean withCas) {
        out.writeBytes(VALUE);
        String key = item.key();
        for (int i = 0; i < key.length(); i++) {
            out.writeByte(key.charAt(i));
        }
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
        ByteBuf out = ByteBufAllocator.DEFAULT.ioBuffer(valueSize(item) + END.length);
        writeValue(out, item, withCas);
        out.writeBytes(END);
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
