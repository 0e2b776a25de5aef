package dev.parley.testkit.server;

import io.netty.buffer.ByteBuf;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The bytes a server wrote that a test has not read yet, taken whole or a line at a time. */
final class Written {

    private byte[] bytes = new byte[256];
    private int length;

    /** Appends the readable bytes of {@code buf}, leaving its reader index alone. */
    void add(ByteBuf buf) {
        int n = buf.readableBytes();
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        }
        buf.getBytes(buf.readerIndex(), bytes, length, n);
        length += n;
    }

    /** @return everything, now taken */
    byte[] takeAll() {
        byte[] all = Arrays.copyOf(bytes, length);
        length = 0;
        return all;
    }

    /** @return everything decoded with {@code charset}, now taken */
    String takeAll(Charset charset) {
        return new String(takeAll(), charset);
    }

    /** @return the first line without its LF and a CR before it, now taken; {@code null} if no LF was written */
    String takeLine() {
        int lf = -1;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                lf = i;
                break;
            }
        }
        if (lf < 0) {
            return null;
        }
        int end = lf > 0 && bytes[lf - 1] == '\r' ? lf - 1 : lf;
        String line = new String(bytes, 0, end, StandardCharsets.UTF_8);
        System.arraycopy(bytes, lf + 1, bytes, 0, length - lf - 1);
        length -= lf + 1;
        return line;
    }
}
