package dev.parley.bench.abuse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * Connections that send seeded random bytes (about one LF in 256, so "lines" of random bytes) and read what comes
 * back. The agent should answer {@code ERR BAD_REQUEST}/{@code UNKNOWN_COMMAND} and, after too many in a row, end
 * the session with {@code BYE PROTOCOL}; a closed connection is opened again until its byte budget is spent, and
 * the answers are read until the deadline.
 */
final class Garbage extends Attack {

    private static final int CHUNK = 1024;
    private static final long TICK_MILLIS = 10;

    private final int connections;
    private final long budget;
    private final long seed;

    Garbage(InetSocketAddress agent, long deadlineNanos, int connections, long budget, long seed) {
        super("garbage", agent, deadlineNanos);
        this.connections = connections;
        this.budget = budget;
        this.seed = seed;
    }

    @Override
    String describe() {
        return connections + " connections, random bytes (seed " + seed + "), at most " + (budget >> 10)
                + " KiB each, 1 KiB every " + TICK_MILLIS + " ms";
    }

    @Override
    void attack() {
        Random random = new Random(seed);
        RawPeer[] peers = new RawPeer[connections];
        long[] sent = new long[connections];
        byte[] bytes = new byte[CHUNK];
        try {
            while (timeLeft()) {
                for (int i = 0; i < connections; i++) {
                    boolean spent = sent[i] >= budget;
                    if (peers[i] == null && (spent || (peers[i] = open(0)) == null)) {
                        continue;
                    }
                    try {
                        for (String line : peers[i].readLines()) {
                            tally.answer(line);
                        }
                        if (!spent && !peers[i].eof()) {
                            random.nextBytes(bytes);
                            sent[i] += peers[i].write(ByteBuffer.wrap(bytes));
                        }
                    } catch (IOException e) {
                        tally.add("reset");
                        peers[i].close();
                        peers[i] = null;
                        continue;
                    }
                    if (peers[i].eof()) {
                        tally.add("closed by the agent");
                        peers[i].close();
                        peers[i] = null;
                    }
                }
                pause(TICK_MILLIS);
            }
            long total = 0;
            for (long s : sent) {
                total += s;
            }
            tally.add("bytes sent", total);
        } finally {
            for (RawPeer p : peers) {
                if (p != null) {
                    p.close();
                }
            }
        }
    }
}
