package dev.parley.memcached.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

import java.nio.charset.StandardCharsets;

/**
 * Splits memcached command lines into tokens without intermediate collections: finds token bounds with
 * {@link ByteBuf#forEachByte} (one bounds and reference-count check per scan, not per byte) and returns shared
 * {@link String}s for the tokens that repeat on every request (verbs, small numbers, {@code noreply}).
 */
final class MemcachedTokens {

    /** Continues over spaces: stops at the first byte of a token. */
    private static final ByteProcessor SPACES = b -> b == ' ';

    private static final String[] WORDS = {
        "get", "gets", "gat", "gats", "set", "add", "replace", "append", "prepend", "cas", "touch", "delete", "incr",
        "decr", "flush_all", "version", "verbosity", "stats", "quit", "noreply",
    };
    private static final byte[][] WORD_BYTES = new byte[WORDS.length][];
    /** Decimal numbers below this are shared strings: flags, exptimes and most byte counts. */
    private static final int SMALL_NUMBERS = 1024;
    private static final String[] NUMBERS = new String[SMALL_NUMBERS];

    static {
        for (int i = 0; i < WORDS.length; i++) {
            WORD_BYTES[i] = WORDS[i].getBytes(StandardCharsets.US_ASCII);
        }
        for (int i = 0; i < SMALL_NUMBERS; i++) {
            NUMBERS[i] = Integer.toString(i);
        }
    }

    private MemcachedTokens() {
    }

    /** Returns the index of the first byte at or after {@code from} that is not a space, or {@code end}. */
    static int skipSpaces(ByteBuf line, int from, int end) {
        if (from >= end) {
            return end;
        }
        int i = line.forEachByte(from, end - from, SPACES);
        return i < 0 ? end : i;
    }

    /** Returns the index of the first space at or after {@code from}, or {@code end}. */
    static int tokenEnd(ByteBuf line, int from, int end) {
        if (from >= end) {
            return end;
        }
        int i = line.forEachByte(from, end - from, ByteProcessor.FIND_ASCII_SPACE);
        return i < 0 ? end : i;
    }

    /** Returns the number of tokens in {@code [from, end)}. */
    static int count(ByteBuf line, int from, int end) {
        int n = 0;
        int i = skipSpaces(line, from, end);
        while (i < end) {
            n++;
            i = skipSpaces(line, tokenEnd(line, i, end), end);
        }
        return n;
    }

    /**
     * Returns a token as a string, one char per byte (ISO-8859-1): a shared instance for known words and numbers
     * below {@value #SMALL_NUMBERS}, a new one otherwise.
     */
    static String token(ByteBuf line, int from, int to) {
        String shared = shared(line, from, to);
        return shared != null ? shared : line.toString(from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** Returns the verb if it is lower case (letters and '_'), as memcached's are, else {@code null}. */
    static String verb(ByteBuf line, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = line.getByte(i);
            if (!(c >= 'a' && c <= 'z' || c == '_')) {
                return null;
            }
        }
        return token(line, from, to);
    }

    private static String shared(ByteBuf line, int from, int to) {
        int length = to - from;
        byte first = line.getByte(from);
        if (first >= '0' && first <= '9') {
            return length <= 4 ? smallNumber(line, from, to) : null;
        }
        for (int v = 0; v < WORDS.length; v++) {
            byte[] word = WORD_BYTES[v];
            if (word.length == length && word[0] == first && matches(line, from, word)) {
                return WORDS[v];
            }
        }
        return null;
    }

    private static String smallNumber(ByteBuf line, int from, int to) {
        if (to - from > 1 && line.getByte(from) == '0') {
            return null;
        }
        int n = 0;
        for (int i = from; i < to; i++) {
            byte c = line.getByte(i);
            if (c < '0' || c > '9') {
                return null;
            }
            n = n * 10 + (c - '0');
        }
        return n < SMALL_NUMBERS ? NUMBERS[n] : null;
    }

    private static boolean matches(ByteBuf line, int at, byte[] word) {
        for (int i = 1; i < word.length; i++) {
            if (line.getByte(at + i) != word[i]) {
                return false;
            }
        }
        return true;
    }
}
