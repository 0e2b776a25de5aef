package dev.parley.bench.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/** The request lines the benchmarks decode, written into direct buffers as a socket read would deliver them. */
final class Inputs {

    /** A bare verb, a verb with a path, and a line with a quoted argument holding a space and an escape. */
    static final String[] LINES = {
        "ping",
        "ls /tmp/some/dir",
        "put \"my file.txt\" \"say \\\"hi\\\"\" 42",
    };

    private Inputs() {
    }

    /**
     * Returns {@code count} lines cycling through {@link #LINES}, each ending in LF, in one direct buffer.
     *
     * @param count the number of lines
     * @return a buffer owned by the caller
     */
    static ByteBuf lines(int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append(LINES[i % LINES.length]).append('\n');
        }
        return direct(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    static ByteBuf direct(byte[] bytes) {
        return Unpooled.directBuffer(bytes.length).writeBytes(bytes);
    }
}
