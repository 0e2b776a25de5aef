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

    private static final RetryOptions DEFAULTS = builder().build();

    private final Backoff backoff;
    private final RetryPolicy policy;
    private final RetryBudget budget;

    private RetryOptions(Builder b) {
        this.backoff = b.backoff;
        this.policy = b.policy;
        this.budget = b.budget;
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
        return new Builder().backoff(backoff).policy(policy).budget(budget);
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

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RetryOptions)) {
            return false;
        }
        RetryOptions r = (RetryOptions) o;
        return backoff.equals(r.backoff) && policy.equals(r.policy) && budget.equals(r.budget);
    }

    @Override
    public int hashCode() {
        return Objects.hash(backoff, policy, budget);
    }

    @Override
    public String toString() {
        return "RetryOptions{backoff=" + backoff + ", policy=" + policy + ", budget=" + budget + '}';
    }

    /** Builder for {@link RetryOptions}. Not thread-safe. */
    public static final class Builder {
        private Backoff backoff = DEFAULT_BACKOFF;
        private RetryPolicy policy = DEFAULT_POLICY;
        private RetryBudget budget = DEFAULT_BUDGET;

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
         * Builds the options.
         *
         * @return the immutable options
         */
        public RetryOptions build() {
            return new RetryOptions(this);
        }
    }
}
