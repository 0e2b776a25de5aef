package dev.parley.memcached;

import dev.parley.memcached.codec.MemcachedReply;
import dev.parley.memcached.codec.MemcachedReplyEncoder;
import dev.parley.memcached.store.Item;
import dev.parley.server.Reply;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * memcached's reply lines as {@link MemcachedReply} constants (encoded once), and the {@code VALUE ... END} block of
 * the retrieval commands as a reply holding its items: {@link MemcachedReplyEncoder} writes the header, data and
 * trailer of every hit, then {@code END}, straight into its output buffer, so a hit costs no buffer of its own and one
 * copy of the value. Items are immutable, so holding them until the reply is written is safe.
 */
final class Replies {

    static final MemcachedReply STORED = MemcachedReply.line("STORED");
    static final MemcachedReply NOT_STORED = MemcachedReply.line("NOT_STORED");
    static final MemcachedReply EXISTS = MemcachedReply.line("EXISTS");
    static final MemcachedReply NOT_FOUND = MemcachedReply.line("NOT_FOUND");
    static final MemcachedReply DELETED = MemcachedReply.line("DELETED");
    static final MemcachedReply TOUCHED = MemcachedReply.line("TOUCHED");
    static final MemcachedReply END = MemcachedReply.line("END");
    static final MemcachedReply OK = MemcachedReply.line("OK");
    static final MemcachedReply RESET = MemcachedReply.line("RESET");
    static final MemcachedReply ERROR = MemcachedReply.line("ERROR");
    static final MemcachedReply BAD_FORMAT = MemcachedReply.line("CLIENT_ERROR bad command line format");
    static final MemcachedReply BAD_DELETE =
            MemcachedReply.line("CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]");
    static final MemcachedReply BAD_EXPTIME = MemcachedReply.line("CLIENT_ERROR invalid exptime argument");
    static final MemcachedReply BAD_DELTA = MemcachedReply.line("CLIENT_ERROR invalid numeric delta argument");
    static final MemcachedReply NON_NUMERIC =
            MemcachedReply.line("CLIENT_ERROR cannot increment or decrement non-numeric value");
    static final MemcachedReply TOO_LARGE = MemcachedReply.line("SERVER_ERROR object too large for cache");
    static final MemcachedReply OUT_OF_MEMORY = MemcachedReply.line("SERVER_ERROR out of memory storing object");

    private static final Reply STORED_REPLY = newLine(STORED);
    private static final Reply END_REPLY = newLine(END);

    private static final byte[] END_BYTES = ascii("END\r\n");
    private static final byte[] VALUE = ascii("VALUE ");
    /** Longest "VALUE" header without the key: "VALUE " + " flags(10) bytes(10) cas(20)\r\n". */
    private static final int HEADER_OVERHEAD = 6 + 1 + 10 + 1 + 10 + 1 + 20 + 2;

    private Replies() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Returns a reply writing one of the constant lines above, or nothing when {@code noreply}. */
    static Reply line(MemcachedReply line, boolean noreply) {
        return noreply ? Reply.none() : line(line);
    }

    /** Returns a reply writing one of the constant lines above; lines starting with an error word count as errors. */
    static Reply line(MemcachedReply line) {
        // The replies of the commonest answers are shared (a Reply is immutable): no allocation per get miss or set.
        if (line == STORED) {
            return STORED_REPLY;
        }
        if (line == END) {
            return END_REPLY;
        }
        return newLine(line);
    }

    private static Reply newLine(MemcachedReply line) {
        return line == ERROR || line == BAD_FORMAT || line == BAD_DELETE || line == BAD_EXPTIME || line == BAD_DELTA
                || line == NON_NUMERIC || line == TOO_LARGE || line == OUT_OF_MEMORY
                ? Reply.errorMessage(line) : Reply.message(line);
    }

    /** Writes {@code END\r\n}. */
    static void writeEnd(ByteBuf out) {
        out.writeBytes(END_BYTES);
    }

    /** Returns the bytes one item takes in a {@code VALUE} block, plus those of {@code END}: an upper bound. */
    static int valueSize(Item item) {
        return HEADER_OVERHEAD + item.keyLength() + item.value().length + 2 + END_BYTES.length;
    }

    /** Writes {@code VALUE <key> <flags> <bytes> [<cas>]\r\n<data>\r\n}. */
    static void writeValue(ByteBuf out, Item item, boolean withCas) {
        out.writeBytes(VALUE);
        out.writeBytes(item.keyBytes());
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

    /** Returns a reply writing an unsigned 64-bit number and CR LF, digit by digit into the output. */
    static Reply number(long unsigned) {
        return Reply.message(new Decimal(unsigned));
    }

    /** The new value of an {@code incr} or {@code decr}. */
    private static final class Decimal extends MemcachedReply {
        private final long value;

        Decimal(long value) {
            this.value = value;
        }

        @Override
        public void writeTo(ByteBuf out) {
            writeUnsigned(out, value);
            out.writeByte('\r').writeByte('\n');
        }

        @Override
        public long estimatedBytes() {
            return 22;
        }

        @Override
        public String toString() {
            return Long.toUnsignedString(value);
        }
    }

    /** Returns the reply to a retrieval of one key: its value if found, then {@code END}. */
    static Reply values(Item item, boolean withCas) {
        return item == null ? END_REPLY : Reply.message(new Value(item, withCas));
    }

    /** One {@code VALUE} line and its data, then {@code END}: a single hit, without a list. */
    private static final class Value extends MemcachedReply {
        private final Item item;
        private final boolean withCas;

        Value(Item item, boolean withCas) {
            this.item = item;
            this.withCas = withCas;
        }

        @Override
        public void writeTo(ByteBuf out) {
            out.ensureWritable(valueSize(item));
            writeValue(out, item, withCas);
            writeEnd(out);
        }

        @Override
        public long estimatedBytes() {
            return valueSize(item);
        }

        @Override
        public String toString() {
            return "VALUE x1";
        }
    }

    /** Returns the reply to a retrieval of several keys: the values found, then {@code END}. */
    static Reply values(List<Item> items, boolean withCas) {
        return items.isEmpty() ? line(END) : Reply.message(new Values(items, withCas));
    }

    /** {@code VALUE} lines and data of items found, then {@code END}, written by the encoder. */
    private static final class Values extends MemcachedReply {
        private final List<Item> items;
        private final boolean withCas;

        Values(List<Item> items, boolean withCas) {
            this.items = items;
            this.withCas = withCas;
        }

        @Override
        public void writeTo(ByteBuf out) {
            out.ensureWritable((int) Math.min(Integer.MAX_VALUE, estimatedBytes()));
            for (int i = 0; i < items.size(); i++) {
                writeValue(out, items.get(i), withCas);
            }
            writeEnd(out);
        }

        @Override
        public long estimatedBytes() {
            long size = END_BYTES.length;
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                size += HEADER_OVERHEAD + item.keyLength() + item.value().length + 2;
            }
            return size;
        }

        @Override
        public String toString() {
            return "VALUE x" + items.size();
        }
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
