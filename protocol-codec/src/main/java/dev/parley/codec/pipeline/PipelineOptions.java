package dev.parley.codec.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable per-connection options of the shared pipeline: idle detection and wire trace. Build with
 * {@link #builder()}.
 *
 * <p>Idle times count complete frames (lines and block chunks), not bytes: a peer that trickles a partial line
 * (slowloris) is as idle as a silent one. {@link Duration#ZERO} turns a check off.
 */
public final class PipelineOptions {

    /** Default read idle time: off. */
    public static final Duration DEFAULT_READ_IDLE = Duration.ZERO;
    /** Default write idle time: off. */
    public static final Duration DEFAULT_WRITE_IDLE = Duration.ZERO;
    /** Default: the wire trace handler is added when the {@code parley.wire} logger has TRACE enabled. */
    public static final WireTrace DEFAULT_WIRE_TRACE = WireTrace.WHEN_LOGGER_ENABLED;

    /** When the wire trace handler is part of a pipeline. */
    public enum WireTrace {
        /** Added when {@code parley.wire} logs at TRACE as the channel is set up; otherwise absent, so free. */
        WHEN_LOGGER_ENABLED,
        /** Always added (it still logs only when TRACE is enabled). */
        ALWAYS,
        /** Never added. */
        NEVER
    }

    private static final PipelineOptions DEFAULTS = builder().build();

    private final Duration readIdle;
    private final Duration writeIdle;
    private final WireTrace wireTrace;

    private PipelineOptions(Builder b) {
        this.readIdle = b.readIdle;
        this.writeIdle = b.writeIdle;
        this.wireTrace = b.wireTrace;
    }

    /**
     * Returns the default options: no idle checks, wire trace when its logger is enabled.
     *
     * @return the defaults
     */
    public static PipelineOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a builder with the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding these options.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder().readIdle(readIdle).writeIdle(writeIdle).wireTrace(wireTrace);
    }

    /** @return the read idle time; zero when off */
    public Duration readIdle() {
        return readIdle;
    }

    /** @return the write idle time; zero when off */
    public Duration writeIdle() {
        return writeIdle;
    }

    /** @return when the wire trace is added */
    public WireTrace wireTrace() {
        return wireTrace;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PipelineOptions)) {
            return false;
        }
        PipelineOptions p = (PipelineOptions) o;
        return readIdle.equals(p.readIdle) && writeIdle.equals(p.writeIdle) && wireTrace == p.wireTrace;
    }

    @Override
    public int hashCode() {
        return Objects.hash(readIdle, writeIdle, wireTrace);
    }

    @Override
    public String toString() {
        return "PipelineOptions{readIdle=" + readIdle + ", writeIdle=" + writeIdle + ", wireTrace=" + wireTrace + '}';
    }

    /** Builder for {@link PipelineOptions}. */
    public static final class Builder {
        private Duration readIdle = DEFAULT_READ_IDLE;
        private Duration writeIdle = DEFAULT_WRITE_IDLE;
        private WireTrace wireTrace = DEFAULT_WIRE_TRACE;

        private Builder() {
        }

        /**
         * Sets how long without a complete inbound frame fires a reader-idle event. Default: off.
         *
         * @param readIdle a duration {@code >= 0}; zero turns it off
         * @return this builder
         */
        public Builder readIdle(Duration readIdle) {
            this.readIdle = checkDuration("readIdle", readIdle);
            return this;
        }

        /**
         * Sets how long without an outbound write fires a writer-idle event. Default: off.
         *
         * @param writeIdle a duration {@code >= 0}; zero turns it off
         * @return this builder
         */
        public Builder writeIdle(Duration writeIdle) {
            this.writeIdle = checkDuration("writeIdle", writeIdle);
            return this;
        }

        /**
         * Sets when the wire trace handler is added. Default: {@link WireTrace#WHEN_LOGGER_ENABLED}.
         *
         * @param wireTrace the choice
         * @return this builder
         */
        public Builder wireTrace(WireTrace wireTrace) {
            this.wireTrace = Objects.requireNonNull(wireTrace, "wireTrace");
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the immutable options
         */
        public PipelineOptions build() {
            return new PipelineOptions(this);
        }

        private static Duration checkDuration(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + ": " + d + " (expected: >= 0)");
            }
            return d;
        }
    }
}
