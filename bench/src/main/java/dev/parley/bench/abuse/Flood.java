package dev.parley.bench.abuse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Connection flood: in rounds, opens more connections than the agent has room for, waits (at most
 * {@value #ANSWER_MILLIS} ms) for each one's first line, then closes them all. Every connection should get an answer:
 * {@code HELLO} while there is room, {@code BYE BUSY} after; {@code no answer} counts the ones that hung.
 */
final class Flood extends Attack {

    static final long ANSWER_MILLIS = 5_000;
    private static final long POLL_MILLIS = 10;

    private final int perRound;
    private final long everyNanos;

    Flood(InetSocketAddress agent, long deadlineNanos, int perRound, long everyNanos) {
        super("flood", agent, deadlineNanos);
        this.perRound = perRound;
        this.everyNanos = everyNanos;
    }

    @Override
    String describe() {
        return perRound + " connections per round, a round every " + everyNanos / 1_000_000 + " ms";
    }

    @Override
    void attack() {
        while (timeLeft()) {
            long roundStart = System.nanoTime();
            round();
            tally.add("rounds");
            while (timeLeft() && System.nanoTime() - roundStart < everyNanos) {
                pause(POLL_MILLIS * 5);
            }
        }
    }

    private void round() {
        RawPeer[] peers = new RawPeer[perRound];
        boolean[] answered = new boolean[perRound];
        try {
            // opening stops at the answer limit too: a connect that waits on a full accept queue is not an answer
            long end = System.nanoTime() + ANSWER_MILLIS * 1_000_000L;
            for (int i = 0; i < perRound; i++) {
                if (System.nanoTime() - end < 0 && timeLeft()) {
                    peers[i] = open(0);
                } else {
                    tally.add("not opened in time");
                }
                answered[i] = peers[i] == null;
            }
            int waiting = count(answered, false);
            while (waiting > 0 && System.nanoTime() - end < 0) {
                for (int i = 0; i < perRound; i++) {
                    if (!answered[i]) {
                        answered[i] = firstLine(peers[i]);
                    }
                }
                waiting = count(answered, false);
                pause(POLL_MILLIS);
            }
            tally.add("no answer", waiting);
        } finally {
            for (RawPeer p : peers) {
                if (p != null) {
                    p.close();
                }
            }
        }
    }

    /** Returns true once the connection answered (its first line) or ended. */
    private boolean firstLine(RawPeer p) {
        try {
            List<String> lines = p.readLines();
            if (!lines.isEmpty()) {
                tally.answer(lines.get(0));
                return true;
            }
            if (p.eof()) {
                tally.add("closed without a line");
                return true;
            }
            return false;
        } catch (IOException e) {
            tally.add("reset");
            return true;
        }
    }

    private static int count(boolean[] flags, boolean value) {
        int n = 0;
        for (boolean f : flags) {
            if (f == value) {
                n++;
            }
        }
        return n;
    }
}
