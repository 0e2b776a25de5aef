package dev.parley.bench.abuse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Slowloris: many connections, each sending two bytes of a request line every few seconds and never its end. The
 * agent should end each with {@code BYE IDLE} after its idle timeout; a slot that is closed is opened again.
 */
final class Slowloris extends Attack {

    private static final byte[] LINE = "ls /a-line-that-never-ends-".getBytes(StandardCharsets.US_ASCII);
    private static final long TICK_MILLIS = 50;

    private final int connections;
    private final long everyNanos;

    Slowloris(InetSocketAddress agent, long deadlineNanos, int connections, long everyNanos) {
        super("slowloris", agent, deadlineNanos);
        this.connections = connections;
        this.everyNanos = everyNanos;
    }

    @Override
    String describe() {
        return connections + " connections, 2 bytes every " + everyNanos / 1_000_000 + " ms, never a LF";
    }

    @Override
    void attack() {
        RawPeer[] peers = new RawPeer[connections];
        long[] nextSend = new long[connections];
        int[] sent = new int[connections];
        try {
            long now = System.nanoTime();
            for (int i = 0; i < connections && timeLeft(); i++) {
                peers[i] = open(0);
                nextSend[i] = now + everyNanos * i / connections;
            }
            while (timeLeft()) {
                now = System.nanoTime();
                boolean connectFailed = false;
                for (int i = 0; i < connections && timeLeft(); i++) {
                    if (peers[i] == null) {
                        // after one failed connect, the other empty slots wait for the next tick
                        peers[i] = connectFailed ? null : open(0);
                        sent[i] = 0;
                        if (peers[i] == null) {
                            connectFailed = true;
                            continue;
                        }
                    }
                    if (!step(peers[i], now >= nextSend[i], sent[i])) {
                        peers[i].close();
                        peers[i] = null;
                        tally.add("closed by the agent");
                    } else if (now >= nextSend[i]) {
                        sent[i] += 2;
                        nextSend[i] = now + everyNanos;
                    }
                }
                pause(TICK_MILLIS);
            }
        } finally {
            for (RawPeer p : peers) {
                if (p != null) {
                    p.close();
                }
            }
        }
    }

    /** Reads the agent's lines and sends the next two bytes if due; returns false once the agent closed. */
    private boolean step(RawPeer p, boolean send, int offset) {
        try {
            for (String line : p.readLines()) {
                tally.answer(line);
            }
            if (p.eof()) {
                return false;
            }
            if (send) {
                ByteBuffer two = ByteBuffer.wrap(new byte[] {LINE[offset % LINE.length],
                        LINE[(offset + 1) % LINE.length]});
                p.write(two);
                tally.add("bytes sent", 2);
            }
            return true;
        } catch (IOException e) {
            tally.add("reset");
            return false;
        }
    }
}
