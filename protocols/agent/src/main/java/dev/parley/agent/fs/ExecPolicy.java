package dev.parley.agent.fs;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which programs the agent's {@code exec} command may run, for how long and with how much output kept. Exec is off
 * unless programs are allowed explicitly: the {@linkplain #disabled() default policy} allows none.
 *
 * <p>Programs are matched by the exact name the client gives, before any lookup. A name without {@code /} (such as
 * {@code echo}) is then looked up on the agent's {@code PATH}; a name with {@code /} is a virtual path inside the
 * sandbox (for example {@code ./build.sh} or {@code /tools/run.sh}). Nothing runs through a shell unless a shell is
 * itself an allowed program.
 *
 * <p>Immutable; build one with {@link #builder()} or {@link #allowing(String...)}.
 */
public final class ExecPolicy {

    /** The default time limit of one run: 30 seconds. */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(30);

    /** The default number of output bytes kept of one run: 1 MiB. */
    public static final int DEFAULT_OUTPUT_CAP = 1024 * 1024;

    private static final ExecPolicy DISABLED = builder().build();

    private final Set<String> allowedPrograms;
    private final Duration timeLimit;
    private final int outputCap;

    private ExecPolicy(Builder builder) {
        this.allowedPrograms = Collections.unmodifiableSet(new LinkedHashSet<>(builder.allowedPrograms));
        this.timeLimit = builder.timeLimit;
        this.outputCap = builder.outputCap;
    }

    /**
     * Returns the policy that allows no program: exec is off.
     *
     * @return the disabled policy
     */
    public static ExecPolicy disabled() {
        return DISABLED;
    }

    /**
     * Returns a policy allowing the given programs with the default limits.
     *
     * @param programs the program names, matched exactly
     * @return the policy
     */
    public static ExecPolicy allowing(String... programs) {
        return builder().allow(programs).build();
    }

    /**
     * Starts a builder with no program allowed and the default limits.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder holding this policy's settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.allowedPrograms.addAll(allowedPrograms);
        builder.timeLimit = timeLimit;
        builder.outputCap = outputCap;
        return builder;
    }

    /**
     * Tells whether any program is allowed at all.
     *
     * @return {@code false} if exec is off
     */
    public boolean isEnabled() {
        return !allowedPrograms.isEmpty();
    }

    /**
     * Tells whether a program name, exactly as the client gave it, is allowed.
     *
     * @param program the program name
     * @return {@code true} if it is on the allow-list
     */
    public boolean allows(String program) {
        return allowedPrograms.contains(program);
    }

    /**
     * Returns the allowed program names, in the order they were added.
     *
     * @return an unmodifiable set, empty if exec is off
     */
    public Set<String> allowedPrograms() {
        return allowedPrograms;
    }

    /**
     * Returns how long one run may take before the program and its descendants are killed.
     *
     * @return the time limit
     */
    public Duration timeLimit() {
        return timeLimit;
    }

    /**
     * Returns how many bytes of combined output are kept; the rest is read and dropped.
     *
     * @return the output cap in bytes
     */
    public int outputCap() {
        return outputCap;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExecPolicy other && allowedPrograms.equals(other.allowedPrograms)
                && timeLimit.equals(other.timeLimit) && outputCap == other.outputCap;
    }

    @Override
    public int hashCode() {
        return Objects.hash(allowedPrograms, timeLimit, outputCap);
    }

    @Override
    public String toString() {
        return "ExecPolicy{allowed=" + allowedPrograms + ", timeLimit=" + timeLimit + ", outputCap=" + outputCap + "}";
    }

    /** Builds an {@link ExecPolicy}. */
    public static final class Builder {

        private final Set<String> allowedPrograms = new LinkedHashSet<>();
        private Duration timeLimit = DEFAULT_TIME_LIMIT;
        private int outputCap = DEFAULT_OUTPUT_CAP;

        private Builder() {
        }

        /**
         * Adds programs to the allow-list, which is empty by default (exec off).
         *
         * @param programs program names, matched exactly
         * @return this builder
         */
        public Builder allow(String... programs) {
            allowedPrograms.addAll(Arrays.asList(programs));
            return this;
        }

        /**
         * Sets how long one run may take; default {@link #DEFAULT_TIME_LIMIT} (30 seconds).
         *
         * @param timeLimit a positive duration
         * @return this builder
         */
        public Builder timeLimit(Duration timeLimit) {
            this.timeLimit = Objects.requireNonNull(timeLimit, "timeLimit");
            return this;
        }

        /**
         * Sets how many bytes of output are kept; default {@link #DEFAULT_OUTPUT_CAP} (1 MiB).
         *
         * @param outputCap zero or more bytes
         * @return this builder
         */
        public Builder outputCap(int outputCap) {
            this.outputCap = outputCap;
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the immutable policy
         * @throws IllegalArgumentException if the time limit is not positive, the cap is negative or a program name
         *                                  is empty or contains a NUL byte
         */
        public ExecPolicy build() {
            if (timeLimit.isZero() || timeLimit.isNegative()) {
                throw new IllegalArgumentException("timeLimit: " + timeLimit + " (expected: > 0)");
            }
            if (outputCap < 0) {
                throw new IllegalArgumentException("outputCap: " + outputCap + " (expected: >= 0)");
            }
            for (String program : allowedPrograms) {
                if (program == null || program.isEmpty() || program.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("allowed program: '" + program
                            + "' (expected: a non-empty name without NUL)");
                }
            }
            return new ExecPolicy(this);
        }
    }
}
