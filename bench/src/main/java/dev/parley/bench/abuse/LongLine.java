package dev.parley.bench.abuse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One connection sends a single line of many MiB, then {@code ping}. The agent should answer {@code ERR TOO_LONG}
 * once, skip the rest of the line without holding it, and answer the {@code ping}: {@code OK} counted after it.
 */
final class LongLine extends Attack {

    private static final int CHUNK = 64 * 1024;

    private final long length;

    LongLine(InetSocketAddress agent, long deadlineNanos, long length) {
        super("long line", agent, deadlineNanos);
        this.length = length;
    }

    @Override
    String describe() {
        return "one line of " + (length >> 20) + " MiB, then 'ping'";
    }

    @Override
    void attack() {
        RawPeer p = open(0);
        if (p == null) {
            return;
        }
        try {
            byte[] filler = new byte[CHUNK];
            Arrays.fill(filler, (byte) 'x');
            ByteBuffer chunk = ByteBuffer.wrap(filler);
            long left = length;
            long started = System.nanoTime();
            while (left > 0 && timeLeft() && !p.eof()) {
                chunk.clear().limit((int) Math.min(CHUNK, left));
                left -= p.write(chunk);
                read(p);
                if (chunk.hasRemaining()) {
                    pause(1);
                }
            }
            ByteBuffer end = ByteBuffer.wrap("\nping\n".getBytes(StandardCharsets.US_ASCII));
            while (left == 0 && end.hasRemaining() && timeLeft() && !p.eof()) {
                p.write(end);
            }
            if (left == 0 && !end.hasRemaining()) {
                tally.add("line sent, ms", (System.nanoTime() - started) / 1_000_000);
            } else {
                tally.add("line unfinished at the deadline");
            }
            while (tally.get("OK") == 0 && timeLeft() && !p.eof()) {
                read(p);
                pause(10);
            }
        } catch (IOException e) {
            tally.add("reset");
        } finally {
            p.close();
        }
    }

    private void read(RawPeer p) throws IOException {
        for (String line : p.readLines()) {
            tally.answer(line);
        }
    }
}
