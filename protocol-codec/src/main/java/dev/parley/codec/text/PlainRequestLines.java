package dev.parley.codec.text;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The fast path of {@link ParleyRequestDecoder}: a short ASCII request line without quotes and without a body,
 * which is most of a pipelined workload ({@code ping}, {@code get key}). Copies the line once into a per-thread
 * scratch array, splits it at separators, and takes the verb from a small cache keyed by its bytes, so that a
 * repeated bare verb costs no allocation at all: the cache holds the lower-cased verb and a shared argument-less
 * {@link ParleyRequest} (requests are immutable). Any other line (quotes, non-ASCII bytes, a bad verb, a blank line,
 * a long line) is left to the full tokenizer, which gives the same result or the error.
 *
 * <p>A line that is nothing but a short verb ({@code ping}, {@code quit}) is also remembered under its bytes read as
 * one {@code long}: when it comes again, one read of the buffer finds the shared request, without the copy.
 *
 * <p>The caches are fixed-size tables shared by all threads; an entry is an immutable object, written and read
 * without locks (a lost update only costs a later miss). Verbs longer than {@value #MAX_CACHED_VERB} bytes are not
 * cached, so the tables hold at most a few kilobytes whatever peers send.
 */
final class PlainRequestLines {

    /** Longest line taken by the fast path. */
    static final int MAX_LINE = 256;
    /** Longest verb kept in the cache. */
    static final int MAX_CACHED_VERB = 32;

    private static final int CACHE_SIZE = 256;
    private static final Verb[] CACHE = new Verb[CACHE_SIZE];
    private static final Word[] WORDS = new Word[64];
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[MAX_LINE];
        }
    };

    /** A verb as sent (raw bytes), lower-cased, with its shared argument-less request. */
    private static final class Verb {
        final byte[] raw;
        final String name;
        final ParleyRequest bare;

        Verb(byte[] raw, String name) {
            this.raw = raw;
            this.name = name;
            this.bare = ParleyRequest.decoded(name, List.of(), -1);
        }
    }

    /** A line that is exactly a bare verb of at most 8 bytes, as one big-endian long (zero-padded), and its request. */
    private static final class Word {
        final long word;
        final int length;
        final ParleyRequest request;

        Word(long word, int length, ParleyRequest request) {
            this.word = word;
            this.length = length;
            this.request = request;
        }
    }

    private PlainRequestLines() {
    }

    /**
     * Decodes a line that announces no body, when it is plain.
     *
     * @param buf the buffer holding the line; not modified
     * @param index the line's first byte
     * @param length the line's length, without its delimiter
     * @return the request, or {@code null} when the line must go through the full tokenizer
     */
    static ParleyRequest decode(ByteBuf buf, int index, int length) {
        if (length == 0 || length > MAX_LINE) {
            return null;
        }
        if (length <= Long.BYTES && index <= buf.capacity() - Long.BYTES) {
            // Bytes past the line (still inside the buffer) are masked off; the length is part of the key.
            long word = buf.getLong(index) & -1L << (Long.BYTES - length) * Byte.SIZE;
            Word w = WORDS[wordSlot(word)];
            if (w != null && w.word == word && w.length == length) {
                return w.request;
            }
        }
        byte[] bytes = SCRATCH.get();
        buf.getBytes(index, bytes, 0, length);
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b < 0 || b == '"') {
                return null;
            }
        }
        int verbEnd = 0;
        while (verbEnd < length && !isSeparator(bytes[verbEnd])) {
            verbEnd++;
        }
        if (verbEnd == 0) {
            return null;
        }
        Verb verb = verb(bytes, verbEnd);
        if (verb == null) {
            return null;
        }
        int argCount = 0;
        String first = null;
        String second = null;
        String[] more = null;
        int i = verbEnd;
        while (true) {
            while (i < length && isSeparator(bytes[i])) {
                i++;
            }
            if (i >= length) {
                break;
            }
            int start = i;
            while (i < length && !isSeparator(bytes[i])) {
                i++;
            }
            String arg = new String(bytes, start, i - start, StandardCharsets.ISO_8859_1);
            if (argCount == 0) {
                first = arg;
            } else if (argCount == 1) {
                second = arg;
            } else {
                if (more == null) {
                    more = new String[8];
                    more[0] = first;
                    more[1] = second;
                } else if (argCount == more.length) {
                    more = Arrays.copyOf(more, argCount * 2);
                }
                more[argCount] = arg;
            }
            argCount++;
        }
        if (argCount == 0) {
            if (verbEnd == length && length <= Long.BYTES) {
                remember(bytes, length, verb.bare);
            }
            return verb.bare;
        }
        List<String> list = argCount == 1 ? List.of(first)
                : argCount == 2 ? List.of(first, second)
                : List.of(Arrays.copyOf(more, argCount));
        return ParleyRequest.decoded(verb.name, list, -1);
    }

    /** Caches a line that is a bare verb of at most 8 bytes under the line's bytes read as one long. */
    private static void remember(byte[] bytes, int length, ParleyRequest request) {
        long word = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            word = word << Byte.SIZE | (i < length ? bytes[i] & 0xff : 0);
        }
        WORDS[wordSlot(word)] = new Word(word, length, request);
    }

    private static int wordSlot(long word) {
        long h = word * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 58) & (WORDS.length - 1);
    }

    /** Returns the verb of {@code bytes[0, length)}, from the cache when seen before; null when not a valid verb. */
    private static Verb verb(byte[] bytes, int length) {
        Verb cached = cached(bytes, length);
        if (cached != null) {
            return cached;
        }
        String raw = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        if (!ParleyRequest.isVerb(raw)) {
            return null;
        }
        Verb verb = new Verb(Arrays.copyOf(bytes, length), raw.toLowerCase(Locale.ROOT));
        if (length <= MAX_CACHED_VERB) {
            CACHE[slot(bytes, length)] = verb;
        }
        return verb;
    }

    private static Verb cached(byte[] bytes, int length) {
        if (length > MAX_CACHED_VERB) {
            return null;
        }
        Verb v = CACHE[slot(bytes, length)];
        if (v == null || v.raw.length != length) {
            return null;
        }
        for (int i = 0; i < length; i++) {
            if (v.raw[i] != bytes[i]) {
                return null;
            }
        }
        return v;
    }

    /** Length, first and last byte: constant work, and distinct for the verbs of a typical command set. */
    private static int slot(byte[] bytes, int length) {
        int h = (length * 31 + bytes[0]) * 31 + bytes[length - 1];
        return (h ^ h >>> 8) & (CACHE_SIZE - 1);
    }

    private static boolean isSeparator(byte b) {
        return b == ' ' || b == '\t';
    }
}
