package dev.parley.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The measured interval of a {@code parley bench} run on the {@link System#nanoTime()} scale, shared by its
 * connections, and a count of the connections still open so that the run ends early when all are gone.
 */
final class BenchWindow {

    private final CountDownLatch open;
    private volatile long start;
    private volatile long end;

    /**
     * Makes a window that is closed (empty) until {@link #open(long, long)}.
     *
     * @param connections the number of connections of the run
     */
    BenchWindow(int connections) {
        this.open = new CountDownLatch(connections);
        this.start = System.nanoTime();
        this.end = start;
    }

    /**
     * Sets the measured interval; call before any connection begins sending.
     *
     * @param start when replies start to count
     * @param end when replies stop to count and no more requests are sent
     */
    void open(long start, long end) {
        this.start = start;
        this.end = end;
    }

    /** @return the start of the measured interval */
    long start() {
        return start;
    }

    /** @return the end of the measured interval */
    long end() {
        return end;
    }

    /** Notes that one connection closed. */
    void connectionEnded() {
        open.countDown();
    }

    /**
     * Waits until the end of the interval or until every connection closed, whichever comes first.
     *
     * @return the time the wait ended, on the same scale
     * @throws InterruptedException if interrupted
     */
    long awaitEnd() throws InterruptedException {
        long left = end - System.nanoTime();
        if (left > 0) {
            open.await(left, TimeUnit.NANOSECONDS);
        }
        return System.nanoTime();
    }
}
