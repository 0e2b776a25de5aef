package dev.parley.testkit.peer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What happened on one connection, in order: every line or chunk the client side sent ({@code C: ...}), every one
 * the server side sent ({@code S: ...}), and events such as {@code C: <half-close>}, {@code S: <reset>} or
 * {@code C: <eof>}. Bytes outside printable ASCII are escaped ({@code \r}, {@code \t}, {@code \xff}); a chunk that
 * does not end in a line feed is marked {@code <no newline>}. {@link #toString()} gives the whole record, one entry a
 * line, so a failing test can print it.
 *
 * <p>Safe to read while the connection still runs: every method takes a snapshot. Long chunks are shortened to
 * {@value #MAX_ENTRY_CHARS} characters and at most {@value #MAX_ENTRIES} entries are kept, besides a failure.
 */
public final class Transcript {

    /** Which end of the connection an entry belongs to. */
    public enum Side {
        /** The side that connected. */
        CLIENT("C"),
        /** The side that accepted. */
        SERVER("S");

        private final String tag;

        Side(String tag) {
            this.tag = tag;
        }

        Side other() {
            return this == CLIENT ? SERVER : CLIENT;
        }
    }

    /** The most characters one entry keeps; longer data is cut and its full length noted. */
    public static final int MAX_ENTRY_CHARS = 160;
    /** The most entries one transcript keeps; later ones are counted, not kept. */
    public static final int MAX_ENTRIES = 2000;

    private final List<String> entries = new ArrayList<>();
    private int dropped;

    /** Creates an empty transcript. */
    public Transcript() {
    }

    /**
     * Returns the entries so far, each like {@code C: ping} or {@code S: <reset>}.
     *
     * @return a snapshot, oldest first
     */
    public synchronized List<String> entries() {
        return List.copyOf(entries);
    }

    /**
     * Returns whether any entry equals the given one, for example {@code "C: <eof>"}.
     *
     * @param entry an entry as {@link #entries()} shows it
     * @return {@code true} if it was recorded
     */
    public synchronized boolean contains(String entry) {
        return entries.contains(entry);
    }

    /** @return every entry, one a line, each ending in a line feed; {@code (empty)} when nothing happened */
    @Override
    public synchronized String toString() {
        if (entries.isEmpty()) {
            return "(empty)\n";
        }
        StringBuilder b = new StringBuilder();
        for (String e : entries) {
            b.append(e).append('\n');
        }
        if (dropped > 0) {
            b.append("... ").append(dropped).append(" more entries\n");
        }
        return b.toString();
    }

    /** Records data a side sent: one entry a line, a trailing piece without a line feed marked as such. */
    void sent(Side side, byte[] data, int offset, int length) {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (data[i] == '\n') {
                add(side, escape(data, start, i - start));
                start = i + 1;
            }
        }
        if (start < end) {
            add(side, escape(data, start, end - start) + " <no newline>");
        }
    }

    /** Records a line a side received from the other, without its line feed. */
    void line(Side from, byte[] data, int offset, int length) {
        add(from, escape(data, offset, length));
    }

    /** Records a block of bytes read as one piece. */
    void block(Side from, byte[] data) {
        add(from, "<" + data.length + " bytes> " + escape(data, 0, data.length));
    }

    /** Records an event such as {@code <eof>}. */
    void event(Side side, String event) {
        add(side, "<" + event + ">");
    }

    /** Records why a run failed; kept even when the transcript is full. */
    synchronized void failure(String message) {
        entries.add("!! " + message);
    }

    private void add(Side side, String text) {
        addRaw(side.tag + ": " + text);
    }

    private synchronized void addRaw(String entry) {
        if (entries.size() >= MAX_ENTRIES) {
            dropped++;
            return;
        }
        entries.add(entry);
    }

    /**
     * Escapes bytes for reading: printable ASCII stays, {@code \r \n \t \\} are written as such, anything else as
     * {@code \xNN}; longer results are cut at {@link #MAX_ENTRY_CHARS} characters.
     *
     * @param data the bytes
     * @return the escaped text
     */
    public static String escape(byte[] data) {
        return escape(data, 0, data.length);
    }

    static String escape(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return escape(bytes, 0, bytes.length);
    }

    private static String escape(byte[] data, int offset, int length) {
        StringBuilder b = new StringBuilder(Math.min(length, MAX_ENTRY_CHARS) + 16);
        for (int i = offset; i < offset + length; i++) {
            if (b.length() >= MAX_ENTRY_CHARS) {
                return b.append("... (").append(length).append(" bytes)").toString();
            }
            int c = data[i] & 0xff;
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        b.append((char) c);
                    } else {
                        b.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return b.toString();
    }
}
