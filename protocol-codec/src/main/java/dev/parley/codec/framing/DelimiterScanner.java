package dev.parley.codec.framing;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

import java.util.List;

/**
 * Finds the end of the next delimiter in a cumulation buffer for {@link FrameDecoder}, resuming where the last search
 * stopped (a saved offset from the reader index), so a multi-byte delimiter fed one byte at a time still costs linear
 * work. Searches for the delimiters' last bytes first and only then checks the bytes before them.
 *
 * <p>Counts the bytes it examines ({@link #scannedBytes()}) for that guarantee. Not thread-safe; one per decoder.
 */
final class DelimiterScanner {

    /**
     * What a scanner needs to know of a spec's delimiters, worked out once per {@link FramingSpec} and shared by every
     * scanner of it: a connection's decoder then holds only its position. Immutable.
     */
    static final class Delimiters {
        private final Delimiter[] delimiters;
        private final int maxDelimiterLength;
        /** The single last byte shared by all delimiters, or -1 when they differ. */
        private final int commonLastByte;
        private final ByteProcessor lastByteFinder;
        /** The delimiter when there is exactly one and it is a single byte (LF): every match of that byte ends a line. */
        private final Delimiter singleByte;

        Delimiters(List<Delimiter> delimiterList) {
            this.delimiters = delimiterList.toArray(new Delimiter[0]);
            int maxLen = 0;
            int last = delimiters[0].rawBytes()[delimiters[0].length() - 1] & 0xff;
            boolean common = true;
            boolean[] isLast = new boolean[256];
            for (Delimiter d : delimiters) {
                maxLen = Math.max(maxLen, d.length());
                int lastByte = d.rawBytes()[d.length() - 1] & 0xff;
                common &= lastByte == last;
                isLast[lastByte] = true;
            }
            this.maxDelimiterLength = maxLen;
            this.commonLastByte = common ? last : -1;
            this.lastByteFinder = value -> !isLast[value & 0xff];
            this.singleByte = delimiters.length == 1 && delimiters[0].length() == 1 ? delimiters[0] : null;
        }
    }

    // Copied from the shared Delimiters, which every search reads: one load less than going through it.
    private final Delimiter[] delimiters;
    private final int maxDelimiterLength;
    private final int commonLastByte;
    private final ByteProcessor lastByteFinder;
    private final Delimiter singleByte;

    /** Bytes from the reader index already scanned without finding a delimiter end. */
    private int scanned;
    private long scannedBytes;
    private Delimiter matched;

    DelimiterScanner(Delimiters shared) {
        this.delimiters = shared.delimiters;
        this.maxDelimiterLength = shared.maxDelimiterLength;
        this.commonLastByte = shared.commonLastByte;
        this.lastByteFinder = shared.lastByteFinder;
        this.singleByte = shared.singleByte;
    }

    int maxDelimiterLength() {
        return maxDelimiterLength;
    }

    long scannedBytes() {
        return scannedBytes;
    }

    /** Bytes from the reader index known to hold no delimiter end. */
    int scanned() {
        return scanned;
    }

    /** Sets the saved offset, after the caller dropped bytes before it or consumed a line. */
    void resumeAt(int offset) {
        scanned = offset;
    }

    /**
     * Searches the readable bytes for the next delimiter end, from the saved offset. On a match, returns the index of
     * the delimiter's last byte, makes it {@link #matched()} and clears the saved offset; otherwise saves the offset
     * past everything readable and returns -1.
     */
    int findDelimiterEnd(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int from = start + scanned;
        while (from < end) {
            int p = findLastByte(in, from, end);
            if (p < 0) {
                break;
            }
            Delimiter d = singleByte != null ? singleByte : delimiterEndingAt(in, start, p);
            if (d != null) {
                matched = d;
                scanned = 0;
                return p;
            }
            from = p + 1;
        }
        scanned = end - start;
        return -1;
    }

    /** The delimiter found by the last successful {@link #findDelimiterEnd(ByteBuf)}. */
    Delimiter matched() {
        return matched;
    }

    /** The index where the line ends whose delimiter {@link #matched()} ends at {@code p} (CR stripped if asked). */
    int lineEnd(ByteBuf in, int start, int p) {
        Delimiter d = matched;
        int lineEnd = p - d.length() + 1;
        if (d.stripsCr() && lineEnd > start && in.getByte(lineEnd - 1) == '\r') {
            lineEnd--;
        }
        return lineEnd;
    }

    private int findLastByte(ByteBuf in, int from, int end) {
        scannedBytes += end - from;
        int p = commonLastByte >= 0
                ? in.indexOf(from, end, (byte) commonLastByte)
                : in.forEachByte(from, end - from, lastByteFinder);
        if (p >= 0) {
            scannedBytes -= end - p - 1;
        }
        return p;
    }

    private Delimiter delimiterEndingAt(ByteBuf in, int start, int p) {
        byte last = in.getByte(p);
        for (Delimiter d : delimiters) {
            byte[] bytes = d.rawBytes();
            int len = bytes.length;
            if (bytes[len - 1] != last || p - len + 1 < start) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < len - 1 && match; i++) {
                match = in.getByte(p - len + 1 + i) == bytes[i];
            }
            if (match) {
                return d;
            }
        }
        return null;
    }
}
