package dev.parley.server;

import java.time.Duration;

/**
 * The rate bound on the lines that sessions log, shared by all sessions of a server: {@link Limits#logBurst()}
 * lines at once, then one per {@link Limits#logInterval()}. Lines over the bound are counted and the count is logged
 * ({@code PS017}) before the next line that is let through. Thread-safe.
 */
final class LogBudget {

    private final RateGate gate;
    private final int burst;
    private final Duration interval;
    private long leftOut;

    LogBudget(Limits limits) {
        this.burst = limits.logBurst();
        this.interval = limits.logInterval();
        this.gate = new RateGate(burst, interval.toNanos());
    }

    /** @return whether a line may be logged now; when it may, first logs how many were left out before it */
    synchronized boolean admit(long now) {
        if (gate.reserve(now, 0) < 0) {
            leftOut++;
            return false;
        }
        if (leftOut > 0) {
            RunningServer.LOG.warn("PS017 {} session log lines left out by the log rate limit ({} lines, then one"
                    + " per {})", leftOut, burst, interval);
            leftOut = 0;
        }
        return true;
    }
}
