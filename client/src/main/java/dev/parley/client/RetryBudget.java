package dev.parley.client;

import java.util.Objects;

/**
 * Caps retries so that a dead or failing server is not hammered: every request deposits {@link #ratio()} of a
 * token, every second adds {@link #minPerSecond()} tokens (so a quiet session can still retry), and each retry
 * withdraws one; the balance never exceeds {@link #maxBalance()}. With the defaults, retries are at most about 20%
 * of requests plus 5 per second. Immutable; each session keeps its own balance.
 */
public final class RetryBudget {

    /** Default share of requests that may be retries: 0.2. */
    public static final double DEFAULT_RATIO = 0.2;
    /** Default retries allowed per second whatever the traffic: 5. */
    public static final int DEFAULT_MIN_PER_SECOND = 5;

    private final double ratio;
    private final int minPerSecond;

    private RetryBudget(double ratio, int minPerSecond) {
        this.ratio = ratio;
        this.minPerSecond = minPerSecond;
    }

    /**
     * Returns the default budget: {@value #DEFAULT_RATIO} of requests plus {@value #DEFAULT_MIN_PER_SECOND} per
     * second.
     *
     * @return the budget
     */
    public static RetryBudget defaults() {
        return ratio(DEFAULT_RATIO, DEFAULT_MIN_PER_SECOND);
    }

    /**
     * Returns a budget.
     *
     * @param ratio share of requests that may be retried, in {@code [0, 10]}
     * @param minPerSecond retries per second allowed whatever the traffic, {@code >= 0}
     * @return the budget
     * @throws IllegalArgumentException if a bound is violated
     */
    public static RetryBudget ratio(double ratio, int minPerSecond) {
        if (!(ratio >= 0 && ratio <= 10)) {
            throw new IllegalArgumentException("ratio: " + ratio + " (expected: 0..10)");
        }
        if (minPerSecond < 0) {
            throw new IllegalArgumentException("minPerSecond: " + minPerSecond + " (expected: >= 0)");
        }
        return new RetryBudget(ratio, minPerSecond);
    }

    /**
     * Returns a budget that never stops a retry (the retry policy and the deadline still apply).
     *
     * @return the budget
     */
    public static RetryBudget unlimited() {
        return new RetryBudget(10, Integer.MAX_VALUE / 4);
    }

    /** @return the share of requests that may be retries */
    public double ratio() {
        return ratio;
    }

    /** @return the retries per second allowed whatever the traffic */
    public int minPerSecond() {
        return minPerSecond;
    }

    /** @return the most tokens saved up: ten seconds' floor plus 10 retries' worth, at least 1 */
    public double maxBalance() {
        return Math.max(1.0, 10.0 * minPerSecond + 10.0);
    }

    /**
     * Returns a new balance, starting with one second's floor.
     *
     * @param nowNanos the session's clock now (its event loop's ticker)
     * @return a balance for one session; not thread-safe
     */
    Balance newBalance(long nowNanos) {
        return new Balance(nowNanos);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RetryBudget)) {
            return false;
        }
        RetryBudget b = (RetryBudget) o;
        return ratio == b.ratio && minPerSecond == b.minPerSecond;
    }

    @Override
    public int hashCode() {
        return Objects.hash(ratio, minPerSecond);
    }

    @Override
    public String toString() {
        return "RetryBudget{ratio=" + ratio + ", minPerSecond=" + minPerSecond + '}';
    }

    /** One session's token balance; used on the session's event loop only. */
    final class Balance {
        private double tokens = Math.min(maxBalance(), Math.max(1, minPerSecond));
        private long lastRefillNanos;

        Balance(long nowNanos) {
            lastRefillNanos = nowNanos;
        }

        void onRequest() {
            tokens = Math.min(maxBalance(), tokens + ratio);
        }

        boolean tryWithdraw(long nowNanos) {
            long elapsed = nowNanos - lastRefillNanos;
            if (elapsed > 0) {
                tokens = Math.min(maxBalance(), tokens + minPerSecond * (elapsed / 1e9));
                lastRefillNanos = nowNanos;
            }
            if (tokens >= 1.0) {
                tokens -= 1.0;
                return true;
            }
            return false;
        }

        double tokens() {
            return tokens;
        }
    }
}
