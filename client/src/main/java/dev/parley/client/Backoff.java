package dev.parley.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to pause before a reconnect or a retry: an exponential backoff from an initial to a maximum pause, with
 * optional "equal jitter" (a pause of {@code d} becomes a random value in {@code [d/2, d]}) so that a fleet of
 * clients does not reconnect in lockstep. A pause is never zero: an error can be immediate, and retrying at once
 * only hammers a sick server. Immutable.
 */
public final class Backoff {

    /** The shortest pause ever returned: one millisecond. */
    public static final Duration MIN_PAUSE = Duration.ofMillis(1);

    private final long initialNanos;
    private final long maxNanos;
    private final double factor;
    private final boolean jitter;

    private Backoff(long initialNanos, long maxNanos, double factor, boolean jitter) {
        this.initialNanos = initialNanos;
        this.maxNanos = maxNanos;
        this.factor = factor;
        this.jitter = jitter;
    }

    /**
     * Returns an exponential backoff with jitter.
     *
     * @param initial the first pause, {@code >= 1 ms}
     * @param max the longest pause, {@code >= initial}
     * @param factor the growth per attempt, {@code >= 1}
     * @return the backoff
     * @throws IllegalArgumentException if a bound is violated
     */
    public static Backoff exponential(Duration initial, Duration max, double factor) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.compareTo(MIN_PAUSE) < 0) {
            throw new IllegalArgumentException("initial: " + initial + " (expected: >= " + MIN_PAUSE + ")");
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= initial " + initial + ")");
        }
        if (!(factor >= 1.0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor: " + factor + " (expected: >= 1)");
        }
        return new Backoff(initial.toNanos(), max.toNanos(), factor, true);
    }

    /**
     * Returns a backoff that always pauses the same time (with jitter, unless turned off).
     *
     * @param pause the pause, {@code >= 1 ms}
     * @return the backoff
     */
    public static Backoff fixed(Duration pause) {
        return exponential(pause, pause, 1.0);
    }

    /**
     * Returns the same backoff without jitter: pauses are exactly {@code initial * factor^(attempt-1)}, capped.
     *
     * @return a backoff without jitter
     */
    public Backoff withoutJitter() {
        return new Backoff(initialNanos, maxNanos, factor, false);
    }

    /**
     * Returns the same backoff with jitter.
     *
     * @return a backoff with jitter
     */
    public Backoff withJitter() {
        return new Backoff(initialNanos, maxNanos, factor, true);
    }

    /**
     * Returns the pause before an attempt, in nanoseconds.
     *
     * @param attempt the number of the failed attempt being followed up, {@code >= 1}
     * @return the pause, at least {@link #MIN_PAUSE}
     */
    public long pauseNanos(int attempt) {
        double d = initialNanos * Math.pow(factor, Math.max(0, attempt - 1));
        long base = d >= maxNanos ? maxNanos : (long) d;
        long pause = jitter ? base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1) : base;
        return Math.max(MIN_PAUSE.toNanos(), pause);
    }

    /**
     * Returns the pause before an attempt.
     *
     * @param attempt the number of the failed attempt being followed up, {@code >= 1}
     * @return the pause, at least {@link #MIN_PAUSE}
     */
    public Duration pause(int attempt) {
        return Duration.ofNanos(pauseNanos(attempt));
    }

    /** @return the first pause (before jitter) */
    public Duration initial() {
        return Duration.ofNanos(initialNanos);
    }

    /** @return the longest pause */
    public Duration max() {
        return Duration.ofNanos(maxNanos);
    }

    /** @return the growth per attempt */
    public double factor() {
        return factor;
    }

    /** @return whether pauses are jittered */
    public boolean jitter() {
        return jitter;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Backoff)) {
            return false;
        }
        Backoff b = (Backoff) o;
        return initialNanos == b.initialNanos && maxNanos == b.maxNanos && factor == b.factor && jitter == b.jitter;
    }

    @Override
    public int hashCode() {
        return Objects.hash(initialNanos, maxNanos, factor, jitter);
    }

    @Override
    public String toString() {
        return "Backoff{" + initial() + " -> " + max() + ", x" + factor + (jitter ? ", jitter" : "") + '}';
    }
}
