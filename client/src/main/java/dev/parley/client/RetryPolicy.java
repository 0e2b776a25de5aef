package dev.parley.client;

import java.util.Objects;

/**
 * Which failed requests are tried again, and how often. The rules follow from how far a request got:
 * <ul>
 *   <li>{@link Progress#NOT_SENT} and {@link Progress#REJECTED}: it did not run; retried whatever it does;</li>
 *   <li>{@link Progress#UNKNOWN}: it may have run; retried only when repeating it is harmless
 *       ({@link Request.Kind#isIdempotent()}: queries and idempotent actions);</li>
 *   <li>{@link Progress#ANSWERED}: never; an {@code ERR} reply is the answer.</li>
 * </ul>
 * Every retry also waits for a backoff pause and draws from the session's {@link RetryBudget}. Immutable.
 */
public final class RetryPolicy {

    /** Default attempts per request, the first one included: 4. */
    public static final int DEFAULT_MAX_ATTEMPTS = 4;

    private static final RetryPolicy NEVER = new RetryPolicy(1);
    private static final RetryPolicy DEFAULT = new RetryPolicy(DEFAULT_MAX_ATTEMPTS);

    private final int maxAttempts;

    private RetryPolicy(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    /**
     * Returns the default policy: the rules above, at most {@value #DEFAULT_MAX_ATTEMPTS} attempts.
     *
     * @return the policy
     */
    public static RetryPolicy idempotentOnly() {
        return DEFAULT;
    }

    /**
     * Returns a policy that never retries: every request gets one attempt.
     *
     * @return the policy
     */
    public static RetryPolicy never() {
        return NEVER;
    }

    /**
     * Returns the same rules with another attempt limit.
     *
     * @param maxAttempts attempts per request, the first included, {@code >= 1}
     * @return the policy
     * @throws IllegalArgumentException if {@code maxAttempts < 1}
     */
    public RetryPolicy withMaxAttempts(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " (expected: >= 1)");
        }
        return new RetryPolicy(maxAttempts);
    }

    /** @return the attempts per request, the first included */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Returns whether a failed attempt may be followed by another, budget and deadline permitting.
     *
     * @param request the request
     * @param progress how far the failed attempt got
     * @param attempts attempts made so far, {@code >= 1}
     * @return {@code true} to retry
     */
    public boolean mayRetry(Request request, Progress progress, int attempts) {
        Objects.requireNonNull(request, "request");
        if (attempts >= maxAttempts) {
            return false;
        }
        switch (progress) {
            case NOT_SENT:
            case REJECTED:
                return true;
            case UNKNOWN:
                return request.kind().isIdempotent();
            default:
                return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetryPolicy && ((RetryPolicy) o).maxAttempts == maxAttempts;
    }

    @Override
    public int hashCode() {
        return maxAttempts;
    }

    @Override
    public String toString() {
        return "RetryPolicy{idempotentOnly, maxAttempts=" + maxAttempts + '}';
    }
}
