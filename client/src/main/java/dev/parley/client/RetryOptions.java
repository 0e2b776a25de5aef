package dev.parley.client;

import java.util.Objects;

/**
 * Immutable options of what a session does after a failure: the pauses before reconnecting and retrying, which
 * requests are retried, and how many retries it may make. Part of {@link ClientOptions}.
 */
public final class RetryOptions {

    /** Default backoff: exponential 100 ms to 10 s, factor 2, with jitter. */
    public static final Backoff DEFAULT_BACKOFF = Backoff.exponential(java.time.Duration.ofMillis(100),
            java.time.Duration.ofSeconds(10), 2.0);
    /** Default policy: {@link RetryPolicy#idempotentOnly()}, 4 attempts. */
    public static final RetryPolicy DEFAULT_POLICY = RetryPolicy.idempotentOnly();
    /** Default budget: {@link RetryBudget#defaults()}, 20% of requests plus 5 per second. */
    public static final RetryBudget DEFAULT_BUDGET = RetryBudget.defaults();
    /** Default connect attempts: no limit, a request waits for a connection until its deadline. */
    public static final int UNLIMITED_CONNECT_ATTEMPTS = Integer.MAX_VALUE;

    private static final RetryOptions DEFAULTS = builder().build();

    private final Backoff backoff;
    private final RetryPolicy policy;
    private final RetryBudget budget;
    private final int connectAttempts;

    private RetryOptions(Builder b) {
        this.backoff = b.backoff;
        this.policy = b.policy;
        this.budget = b.budget;
        this.connectAttempts = b.connectAttempts;
    }

    /**
     * Returns the defaults.
     *
     * @return the shared defaults
     */
    public static RetryOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding these options.
     *
     * @return a new builder; building it unchanged yields equal options
     */
    public Builder toBuilder() {
        return new Builder().backoff(backoff).policy(policy).budget(budget).connectAttempts(connectAttempts);
    }

    /** @return the value set by {@link Builder#backoff(Backoff)} */
    public Backoff backoff() {
        return backoff;
    }

    /** @return the value set by {@link Builder#policy(RetryPolicy)} */
    public RetryPolicy policy() {
        return policy;
    }

    /** @return the value set by {@link Builder#budget(RetryBudget)} */
    public RetryBudget budget() {
        return budget;
    }

    /** @return the value set by {@link Builder#connectAttempts(int)} */
    public int connectAttempts() {
        return connectAttempts;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RetryOptions)) {
            return false;
        }
        RetryOptions r = (RetryOptions) o;
        return backoff.equals(r.backoff) && policy.equals(r.policy) && budget.equals(r.budget)
                && connectAttempts == r.connectAttempts;
    }

    @Override
    public int hashCode() {
        return Objects.hash(backoff, policy, budget, connectAttempts);
    }

    @Override
    public String toString() {
        return "RetryOptions{backoff=" + backoff + ", policy=" + policy + ", budget=" + budget + ", connectAttempts="
                + (connectAttempts == UNLIMITED_CONNECT_ATTEMPTS ? "unlimited" : String.valueOf(connectAttempts)) + '}';
    }

    /** Builder for {@link RetryOptions}. Not thread-safe. */
    public static final class Builder {
        private Backoff backoff = DEFAULT_BACKOFF;
        private RetryPolicy policy = DEFAULT_POLICY;
        private RetryBudget budget = DEFAULT_BUDGET;
        private int connectAttempts = UNLIMITED_CONNECT_ATTEMPTS;

        private Builder() {
        }

        /**
         * Sets the pauses between connect attempts and before retries (an error can be immediate). Default:
         * {@link #DEFAULT_BACKOFF}, exponential 100 ms to 10 s, factor 2, with jitter.
         *
         * @param backoff the backoff
         * @return this builder
         */
        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /**
         * Sets which failed requests are retried. Default: {@link #DEFAULT_POLICY}, idempotent ones, 4 attempts.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder policy(RetryPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets how many retries the session may make. Default: {@link #DEFAULT_BUDGET}, 20% of requests plus 5 per
         * second.
         *
         * @param budget the budget
         * @return this builder
         */
        public Builder budget(RetryBudget budget) {
            this.budget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /**
         * Sets how many connection attempts in a row may fail (refused, timed out, a failed greeting or setup) before
         * the requests that wait to be sent fail with the last attempt's error, instead of waiting for their deadline.
         * The session keeps reconnecting with its backoff; a request sent after that gets as many attempts again.
         * A command-line tool sets this to fail fast when nothing listens; a long-lived service usually keeps the
         * default, {@link #UNLIMITED_CONNECT_ATTEMPTS}. A permanent refusal (a wrong token, a certificate that is
         * not trusted) fails the waiting requests at once whatever this is.
         *
         * @param connectAttempts attempts, the first included, {@code >= 1}
         * @return this builder
         * @throws IllegalArgumentException if {@code connectAttempts < 1}
         */
        public Builder connectAttempts(int connectAttempts) {
            if (connectAttempts < 1) {
                throw new IllegalArgumentException("connectAttempts: " + connectAttempts + " (expected: >= 1)");
            }
            this.connectAttempts = connectAttempts;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the immutable options
         */
        public RetryOptions build() {
            return new RetryOptions(this);
        }
    }
}
