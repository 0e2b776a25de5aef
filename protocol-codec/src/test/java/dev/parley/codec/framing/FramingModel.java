package dev.parley.codec.framing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain reading of the framing rules, for property tests: walks an input line by line and block by block and
 * checks that a decoder's frames say the same. It fixes what a frame must contain (a line is the bytes up to the first
 * delimiter, a block the announced number of bytes after its line) but leaves room where the rules allow a choice or
 * are expected to tighten: an oversized line's reported length need only exceed the limit, and any line that ends in
 * {@code '}'} may instead close the stream with a {@link FramingException} (a malformed or huge count).
 */
public final class FramingModel {

    private final FramingSpec spec;
    private final byte[] in;
    private final int end;
    private final List<String> errors = new ArrayList<>();

    private FramingModel(FramingSpec spec, byte[] in, int end) {
        this.spec = spec;
        this.in = in;
        this.end = end;
    }

    /** Where the model ended. */
    public enum End {
        /** All input consumed at a frame boundary, no failure. */
        BOUNDARY,
        /** The input ended inside a line or block. */
        TRUNCATED,
        /** The stream was closed with a framing error before the end. */
        FAILED
    }

    /**
     * Checks a decoder's output for {@code in[from, end)}.
     *
     * @param spec the framing the decoder follows
     * @param in the input
     * @param from first byte of the stream
     * @param end end of the stream, exclusive
     * @param frames the decoder's frames in order (plain {@code ByteBuf} lines, {@link LineFrame},
     *               {@link BlockChunk}, {@link OversizedLine})
     * @param failure the first exception the decoder raised, or {@code null}
     * @return where the stream ended
     * @throws AssertionError describing the first disagreement
     */
    public static End check(FramingSpec spec, byte[] in, int from, int end, List<Object> frames, Throwable failure) {
        FramingModel model = new FramingModel(spec, in, end);
        End result = model.walk(from, frames, failure);
        if (!model.errors.isEmpty()) {
            throw new AssertionError(String.join("; ", model.errors) + "\nspec: " + spec + "\ninput: "
                    + printable(in, from, end) + "\nframes: " + frames + "\nfailure: " + failure);
        }
        return result;
    }

    private End walk(int from, List<Object> frames, Throwable failure) {
        int c = from;
        int f = 0;
        while (true) {
            if (c == end) {
                expect(f == frames.size(), () -> "frames after the end of input");
                expect(failure == null, () -> "failure at a frame boundary at the end of input");
                return End.BOUNDARY;
            }
            int[] found = findDelimiter(c);
            if (found == null) {
                return partialLine(c, f, frames, failure);
            }
            int p = found[0];
            int lineEnd = found[1];
            int length = lineEnd - c;
            if (length > spec.maxLineLength()) {
                if (spec.oversizePolicy() == OversizePolicy.CLOSE) {
                    expectFailedHere(f, frames, failure, false);
                    return End.FAILED;
                }
                // Only the line's last bytes are kept: a block they announce is skipped, a malformed one fails.
                long skipped;
                int tailFrom = Math.max(c, lineEnd - BlockAnnouncer.OVERSIZED_TAIL_LENGTH);
                try {
                    skipped = spec.blockAnnouncer().oversizedBlockLength(
                            Unpooled.wrappedBuffer(Arrays.copyOfRange(in, tailFrom, lineEnd)));
                } catch (FramingException e) {
                    expectFailedHere(f, frames, failure, false);
                    return End.FAILED;
                }
                if (skipped > spec.maxAnnouncedLength()) {
                    expectFailedHere(f, frames, failure, false);
                    return End.FAILED;
                }
                Object frame = next(frames, f++);
                if (!(frame instanceof OversizedLine)) {
                    errors.add("expected OversizedLine for a line of " + length + " bytes but got " + frame);
                    return End.FAILED;
                }
                OversizedLine o = (OversizedLine) frame;
                expect(o.length() == length && o.maxLength() == spec.maxLineLength(), () ->
                        "oversized line report " + o + " for a line of " + length);
                c = p + 1;
                if (skipped >= 0) {
                    long needed = skipped + spec.rawBlockTrailer().length;
                    if (end - c < needed) {
                        expectTruncated(f, frames, failure, TruncatedInputException.Part.BLOCK);
                        return End.TRUNCATED;
                    }
                    c += (int) needed;
                }
                continue;
            }
            long announced;
            ByteBuf wrapped = Unpooled.wrappedBuffer(in, 0, end);
            try {
                announced = spec.blockAnnouncer().blockLength(wrapped, c, length);
                long sliced = spec.blockAnnouncer().blockLength(wrapped.slice(c, length));
                expect(announced == sliced, () -> "announcer in place says " + announced + ", on a slice " + sliced);
            } catch (FramingException e) {
                expectFailedHere(f, frames, failure, false);
                return End.FAILED;
            }
            if (f == frames.size() && failure != null && mayFailHere(c, length, f, frames, failure)) {
                return End.FAILED;
            }
            Object frame = next(frames, f++);
            byte[] line = Arrays.copyOfRange(in, c, lineEnd);
            c = p + 1;
            if (announced < 0) {
                if (!(frame instanceof ByteBuf) || !Arrays.equals(ByteBufUtil.getBytes((ByteBuf) frame), line)) {
                    errors.add("expected line " + printable(line, 0, line.length) + " but got " + frame);
                    return End.FAILED;
                }
                continue;
            }
            if (!(frame instanceof LineFrame)) {
                errors.add("expected LineFrame announcing " + announced + " for " + printable(line, 0, line.length)
                        + " but got " + frame);
                return End.FAILED;
            }
            LineFrame lf = (LineFrame) frame;
            boolean rejected = announced > spec.maxBlockLength();
            expect(Arrays.equals(ByteBufUtil.getBytes(lf.content()), line) && lf.blockLength() == announced
                    && lf.blockRejected() == rejected,
                    () -> "line frame " + lf + " for " + printable(line, 0, line.length));
            int trailer = spec.rawBlockTrailer().length;
            long needed = announced + trailer;
            if (rejected) {
                if (end - c < needed) {
                    expectTruncated(f, frames, failure, TruncatedInputException.Part.BLOCK);
                    return End.TRUNCATED;
                }
                c += (int) needed;
                continue;
            }
            int got = 0;
            while (true) {
                if (f == frames.size()) {
                    expect(end - c < needed, () -> "block of " + announced + " bytes not delivered");
                    expectTruncated(f, frames, failure, TruncatedInputException.Part.BLOCK);
                    return End.TRUNCATED;
                }
                Object next = frames.get(f++);
                if (!(next instanceof BlockChunk)) {
                    errors.add("expected a block chunk but got " + next);
                    return End.FAILED;
                }
                BlockChunk chunk = (BlockChunk) next;
                byte[] bytes = ByteBufUtil.getBytes(chunk.content());
                int offset = got;
                expect(bytes.length <= spec.chunkSize() && (bytes.length > 0 || announced == 0), () ->
                        "chunk of " + bytes.length + " bytes (chunk size " + spec.chunkSize() + ")");
                expect(got + bytes.length <= announced
                                && Arrays.equals(bytes, Arrays.copyOfRange(in, c + got, c + got + bytes.length)), () ->
                        "chunk bytes differ from the input at block offset " + offset);
                got += bytes.length;
                if (chunk.isLast()) {
                    int total = got;
                    expect(total == announced, () -> "last chunk after " + total + " of " + announced + " bytes");
                    boolean valid = Arrays.equals(Arrays.copyOfRange(in, c + (int) announced, c + (int) needed),
                            spec.rawBlockTrailer());
                    expect(chunk.trailerValid() == valid, () -> "trailerValid " + chunk.trailerValid());
                    c += (int) needed;
                    break;
                }
            }
        }
    }

    /** The input ends without a delimiter: a partial line, possibly already oversized. */
    private End partialLine(int c, int f, List<Object> frames, Throwable failure) {
        long remaining = end - c;
        int maxDelimiter = 0;
        for (Delimiter d : spec.delimiters()) {
            maxDelimiter = Math.max(maxDelimiter, d.length());
        }
        // Under REJECT_AND_SKIP an oversized line is reported once it ends: one cut off by the end of input is not.
        if (remaining - maxDelimiter > spec.maxLineLength() && spec.oversizePolicy() == OversizePolicy.CLOSE) {
            expectFailedHere(f, frames, failure, false);
            return End.FAILED;
        }
        expectTruncated(f, frames, failure, TruncatedInputException.Part.LINE);
        return End.TRUNCATED;
    }

    /** A line ending in '}' may be refused as a malformed count: the decoder stops there with a framing error. */
    private boolean mayFailHere(int c, int length, int f, List<Object> frames, Throwable failure) {
        return length > 0 && in[c + length - 1] == '}' && f == frames.size() && failure instanceof FramingException
                && !(failure instanceof TruncatedInputException);
    }

    private void expectFailedHere(int f, List<Object> frames, Throwable failure, boolean truncated) {
        expect(f == frames.size(), () -> "frames after the point of failure: "
                + frames.subList(Math.min(f, frames.size()), frames.size()));
        expect(failure instanceof FramingException && truncated == failure instanceof TruncatedInputException, () ->
                "expected a framing error but got " + failure);
    }

    private void expectTruncated(int f, List<Object> frames, Throwable failure, TruncatedInputException.Part part) {
        expectFailedHere(f, frames, failure, true);
        if (failure instanceof TruncatedInputException) {
            expect(((TruncatedInputException) failure).part() == part, () -> "truncated in " + part + ": " + failure);
        }
    }

    private Object next(List<Object> frames, int f) {
        return f < frames.size() ? frames.get(f) : null;
    }

    /** Returns {delimiter's last byte index, line end} of the first delimiter ending at or after c, or null. */
    private int[] findDelimiter(int c) {
        for (int p = c; p < end; p++) {
            for (Delimiter d : spec.delimiters()) {
                byte[] bytes = d.bytes();
                int start = p - bytes.length + 1;
                if (start < c || !Arrays.equals(in, start, p + 1, bytes, 0, bytes.length)) {
                    continue;
                }
                int lineEnd = start;
                if (d.stripsCr() && lineEnd > c && in[lineEnd - 1] == '\r') {
                    lineEnd--;
                }
                return new int[] {p, lineEnd};
            }
        }
        return null;
    }

    private void expect(boolean ok, java.util.function.Supplier<String> what) {
        if (!ok && errors.isEmpty()) {
            errors.add(what.get());
        }
    }

    /** Renders bytes with escapes, for failure messages. */
    public static String printable(byte[] bytes, int from, int to) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = from; i < Math.min(to, from + 512); i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\') {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        return sb.append(to - from > 512 ? "\"..." : "\"").toString();
    }
}
