package dev.parley.testkit.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.FileRegion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;

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

    /** Appends what a file region sends, transferring it as a socket would. */
    void add(FileRegion region) {
        long n = region.count() - region.transferred();
        if (n > Integer.MAX_VALUE - 8 - length) {
            throw new IllegalStateException("file region of " + n + " bytes (expected: one that fits in memory)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) n);
        WritableByteChannel sink = Channels.newChannel(out);
        try {
            while (region.transferred() < region.count()) {
                if (region.transferTo(sink, region.transferred()) <= 0) {
                    throw new IllegalStateException("file region ended after " + region.transferred() + " of "
                            + region.count() + " bytes");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the file region the server wrote", e);
        }
        add(Unpooled.wrappedBuffer(out.toByteArray()));
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
