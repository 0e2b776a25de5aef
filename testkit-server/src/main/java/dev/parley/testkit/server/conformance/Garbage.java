package dev.parley.testkit.server.conformance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The suite's made-up inputs: junk lines, and where to cut a request. */
final class Garbage {

    /** Seed of the random junk line, fixed so that a failure replays. */
    private static final long SEED = 0x5eed_ba11L;

    private Garbage() {
    }

    /**
     * Junk lines that announce no block: each holds a NUL or a byte over 0x7f, so that no protocol can take it for
     * an empty line, and none holds a brace.
     */
    static List<byte[]> lines(String lineEnd) {
        List<byte[]> lines = new ArrayList<>();
        lines.add(bytes(new int[] {0x00, 0x01, 0x02, 0x7f, 0x1b, '[', '2', 'J'}, lineEnd));
        lines.add(bytes(new int[] {0xff, 0xfe, 0xfd, 0x80, 0x81}, lineEnd));
        // Invalid UTF-8: a lone continuation byte, a truncated sequence, an overlong slash, a surrogate.
        lines.add(bytes(new int[] {'p', 0x80, 'i', 0xc3, 0x28, 0xc0, 0xaf, 0xed, 0xa0, 0x80}, lineEnd));
        lines.add(bytes(new int[] {0x00}, lineEnd));
        lines.add(bytes(new int[] {0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03}, lineEnd));
        lines.add(randomLine(lineEnd));
        return lines;
    }

    /** 200 random bytes without line breaks or braces, with at least one over 0x7f. */
    private static byte[] randomLine(String lineEnd) {
        SplittableRandom random = new SplittableRandom(SEED);
        int[] junk = new int[200];
        for (int i = 0; i < junk.length; i++) {
            int b;
            do {
                b = random.nextInt(256);
            } while (b == '\n' || b == '\r' || b == '{' || b == '}');
            junk[i] = b;
        }
        junk[0] = 0xfe;
        return bytes(junk, lineEnd);
    }

    private static byte[] bytes(int[] values, String lineEnd) {
        byte[] end = lineEnd.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[values.length + end.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        System.arraycopy(end, 0, out, values.length, end.length);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Up to {@code max} cut points in {@code [1, length)}, evenly spread, every one when there are few enough. */
    static int[] cuts(int length, int max) {
        int positions = length - 1;
        if (positions <= 0) {
            return new int[0];
        }
        int count = Math.min(positions, max);
        int[] cuts = new int[count];
        for (int i = 0; i < count; i++) {
            cuts[i] = count == 1 ? 1 : 1 + (int) ((long) i * (positions - 1) / (count - 1));
        }
        return cuts;
    }
}
