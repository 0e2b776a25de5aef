package dev.parley.server;

/**
 * A rate bound: a burst of events at once, then one per interval (the generic cell rate algorithm, kept as one
 * "theoretical arrival time"). Time is passed in, from the caller's event loop ticker, so that tests can freeze it.
 * Not thread-safe: callers hold their own lock.
 */
final class RateGate {

    private final long interval;
    private final long tolerance;
    private boolean started;
    private long tat;

    /**
     * @param burst events allowed at once, {@code > 0}
     * @param intervalNanos time per further event; 0 turns the bound off
     */
    RateGate(int burst, long intervalNanos) {
        this.interval = intervalNanos;
        this.tolerance = burst * intervalNanos;
    }

    /**
     * Records an event that may wait up to {@code maxWait} before it happens.
     *
     * @return the nanoseconds the event must wait (0: now), or -1 if it would have to wait longer than
     *         {@code maxWait}; such an event is not recorded
     */
    long reserve(long now, long maxWait) {
        if (interval == 0) {
            return 0;
        }
        if (!started) {
            started = true;
            tat = now;
        }
        long next = Math.max(tat, now) + interval;
        long wait = Math.max(0, next - tolerance - now);
        if (wait > maxWait) {
            return -1;
        }
        tat = next;
        return wait;
    }

    /** Gives back one recorded event (it did not count after all). */
    void refund() {
        tat -= interval;
    }

    /** @return whether the gate is back to its full burst: forgetting it loses nothing */
    boolean idle(long now) {
        return !started || tat <= now;
    }
}
