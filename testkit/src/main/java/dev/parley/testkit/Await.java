package dev.parley.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Bounded waits for conditions that other threads make true (a connection counted, a temp file removed): polls
 * every millisecond or so until the condition holds or the time is up. For time-driven behaviour inside a pipeline,
 * use {@link FrozenTime} instead.
 */
public final class Await {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private Await() {
    }

    /**
     * Waits until the condition holds.
     *
     * @param within the most time to wait
     * @param condition checked repeatedly, from the calling thread
     * @return {@code true} when the condition held within the time, {@code false} otherwise
     */
    public static boolean eventually(Duration within, BooleanSupplier condition) {
        long end = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.currentThread().isInterrupted()) {
                return condition.getAsBoolean();
            }
        }
        return true;
    }

    /**
     * Waits until the condition holds, or fails.
     *
     * @param within the most time to wait
     * @param what the condition in words, for the failure message
     * @param condition checked repeatedly, from the calling thread
     * @throws AssertionError if the condition did not hold within the time
     */
    public static void until(Duration within, String what, BooleanSupplier condition) {
        if (!eventually(within, condition)) {
            throw new AssertionError(what + ": not true within " + within.toMillis() + " ms");
        }
    }
}
