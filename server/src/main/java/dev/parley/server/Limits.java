package dev.parley.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable per-connection and per-server limits of a {@link ParleyServer}. Build with {@link #builder()}; every
 * limit has a {@code DEFAULT_*} constant.
 */
public final class Limits {

    /** Default for {@link Builder#maxConnections(int)}: 1024. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    /** Default for {@link Builder#maxOutstanding(int)}: 1024. */
    public static final int DEFAULT_MAX_OUTSTANDING = 1024;
    /** Default for {@link Builder#idleTimeout(Duration)}: 5 minutes. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    /** Default for {@link Builder#handlerTimeout(Duration)}: 30 seconds. */
    public static final Duration DEFAULT_HANDLER_TIMEOUT = Duration.ofSeconds(30);
    /** Default for {@link Builder#maxConsecutiveErrors(int)}: 16. */
    public static final int DEFAULT_MAX_CONSECUTIVE_ERRORS = 16;
    /** Default for {@link Builder#maxAuthFailures(int)}: 3. */
    public static final int DEFAULT_MAX_AUTH_FAILURES = 3;
    /** Default for {@link Builder#authFailureDelay(Duration)}: 500 ms. */
    public static final Duration DEFAULT_AUTH_FAILURE_DELAY = Duration.ofMillis(500);
    /** Default for {@link Builder#writeBufferLowWaterMark(int)}: 32 KiB. */
    public static final int DEFAULT_WRITE_BUFFER_LOW_WATER_MARK = 32 * 1024;
    /** Default for {@link Builder#writeBufferHighWaterMark(int)}: 64 KiB. */
    public static final int DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK = 64 * 1024;
    /** Default for {@link Builder#maxPendingBodyBytes(long)}: 1 MiB. */
    public static final long DEFAULT_MAX_PENDING_BODY_BYTES = 1024 * 1024;
    /** Default for {@link Builder#maxPendingReplyBytes(long)}: 256 KiB. */
    public static final long DEFAULT_MAX_PENDING_REPLY_BYTES = 256 * 1024;
    /** Default for {@link Builder#maxRunningRequests(int)}: 8, half the default {@link #blockingThreads()}. */
    public static final int DEFAULT_MAX_RUNNING_REQUESTS = 8;
    /**
     * Default for {@link Builder#blockingReserve(int)}, as a divisor: a quarter of {@link #blockingThreads()} (4 of
     * the default 16).
     */
    public static final int DEFAULT_BLOCKING_RESERVE_DIVISOR = 4;
    /** Default for {@link Builder#maxOpenFiles(int)}: 4. */
    public static final int DEFAULT_MAX_OPEN_FILES = 4;
    /** Default for {@link Builder#blockingThreads(int)}: 16. */
    public static final int DEFAULT_BLOCKING_THREADS = 16;
    /** Default for {@link Builder#blockingQueueSize(int)}: 1024. */
    public static final int DEFAULT_BLOCKING_QUEUE_SIZE = 1024;
    /** Default for {@link Builder#authAddressBurst(int)}: 10. */
    public static final int DEFAULT_AUTH_ADDRESS_BURST = 10;
    /** Default for {@link Builder#authAddressInterval(Duration)}: 1 second. */
    public static final Duration DEFAULT_AUTH_ADDRESS_INTERVAL = Duration.ofSeconds(1);
    /** Default for {@link Builder#authGlobalBurst(int)}: 100. */
    public static final int DEFAULT_AUTH_GLOBAL_BURST = 100;
    /** Default for {@link Builder#authGlobalInterval(Duration)}: 10 ms (100 attempts a second). */
    public static final Duration DEFAULT_AUTH_GLOBAL_INTERVAL = Duration.ofMillis(10);
    /** Default for {@link Builder#authMaxWait(Duration)}: 10 seconds. */
    public static final Duration DEFAULT_AUTH_MAX_WAIT = Duration.ofSeconds(10);
    /** Default for {@link Builder#authTrackedAddresses(int)}: 4096. */
    public static final int DEFAULT_AUTH_TRACKED_ADDRESSES = 4096;
    /** Default for {@link Builder#logBurst(int)}: 100. */
    public static final int DEFAULT_LOG_BURST = 100;
    /** Default for {@link Builder#logInterval(Duration)}: 100 ms (10 lines a second). */
    public static final Duration DEFAULT_LOG_INTERVAL = Duration.ofMillis(100);

    private static final Limits DEFAULTS = builder().build();

    private final int maxConnections;
    private final int maxOutstanding;
    private final Duration idleTimeout;
    private final Duration handlerTimeout;
    private final int maxConsecutiveErrors;
    private final int maxAuthFailures;
    private final Duration authFailureDelay;
    private final int writeBufferLowWaterMark;
    private final int writeBufferHighWaterMark;
    private final long maxPendingBodyBytes;
    private final long maxPendingReplyBytes;
    private final int maxRunningRequests;
    private final int maxOpenFiles;
    private final int blockingThreads;
    private final int blockingQueueSize;
    private final int authAddressBurst;
    private final Duration authAddressInterval;
    private final int authGlobalBurst;
    private final Duration authGlobalInterval;
    private final Duration authMaxWait;
    private final int authTrackedAddresses;
    private final int logBurst;
    private final Duration logInterval;
    private final int blockingReserve;
    /** As set: negative when derived from {@link #blockingThreads}, so that {@link #toBuilder()} keeps deriving it. */
    private final int blockingReserveSetting;

    private Limits(Builder b) {
        this.maxConnections = b.maxConnections;
        this.maxOutstanding = b.maxOutstanding;
        this.idleTimeout = b.idleTimeout;
        this.handlerTimeout = b.handlerTimeout;
        this.maxConsecutiveErrors = b.maxConsecutiveErrors;
        this.maxAuthFailures = b.maxAuthFailures;
        this.authFailureDelay = b.authFailureDelay;
        this.writeBufferLowWaterMark = b.writeBufferLowWaterMark;
        this.writeBufferHighWaterMark = b.writeBufferHighWaterMark;
        this.maxPendingBodyBytes = b.maxPendingBodyBytes;
        this.maxPendingReplyBytes = b.maxPendingReplyBytes;
        this.maxRunningRequests = b.maxRunningRequests;
        this.maxOpenFiles = b.maxOpenFiles;
        this.blockingThreads = b.blockingThreads;
        this.blockingQueueSize = b.blockingQueueSize;
        this.authAddressBurst = b.authAddressBurst;
        this.authAddressInterval = b.authAddressInterval;
        this.authGlobalBurst = b.authGlobalBurst;
        this.authGlobalInterval = b.authGlobalInterval;
        this.authMaxWait = b.authMaxWait;
        this.authTrackedAddresses = b.authTrackedAddresses;
        this.logBurst = b.logBurst;
        this.logInterval = b.logInterval;
        this.blockingReserveSetting = b.blockingReserve;
        this.blockingReserve = b.blockingReserve >= 0 ? b.blockingReserve
                : b.blockingThreads / DEFAULT_BLOCKING_RESERVE_DIVISOR;
    }

    /**
     * Returns the default limits.
     *
     * @return the shared defaults
     */
    public static Limits defaults() {
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
     * Returns a builder holding these limits; building it unchanged yields equal limits.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder()
                .maxConnections(maxConnections)
                .maxOutstanding(maxOutstanding)
                .idleTimeout(idleTimeout)
                .handlerTimeout(handlerTimeout)
                .maxConsecutiveErrors(maxConsecutiveErrors)
                .maxAuthFailures(maxAuthFailures)
                .authFailureDelay(authFailureDelay)
                .writeBufferLowWaterMark(writeBufferLowWaterMark)
                .writeBufferHighWaterMark(writeBufferHighWaterMark)
                .maxPendingBodyBytes(maxPendingBodyBytes)
                .maxPendingReplyBytes(maxPendingReplyBytes)
                .maxRunningRequests(maxRunningRequests)
                .maxOpenFiles(maxOpenFiles)
                .blockingThreads(blockingThreads)
                .blockingQueueSize(blockingQueueSize)
                .authAddressBurst(authAddressBurst)
                .authAddressInterval(authAddressInterval)
                .authGlobalBurst(authGlobalBurst)
                .authGlobalInterval(authGlobalInterval)
                .authMaxWait(authMaxWait)
                .authTrackedAddresses(authTrackedAddresses)
                .logBurst(logBurst)
                .logInterval(logInterval)
                .blockingReserveSetting(blockingReserveSetting);
    }

    /** @return the value set by {@link Builder#maxConnections(int)} */
    public int maxConnections() {
        return maxConnections;
    }

    /** @return the value set by {@link Builder#maxOutstanding(int)} */
    public int maxOutstanding() {
        return maxOutstanding;
    }

    /** @return the value set by {@link Builder#idleTimeout(Duration)} */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** @return the value set by {@link Builder#handlerTimeout(Duration)} */
    public Duration handlerTimeout() {
        return handlerTimeout;
    }

    /** @return the value set by {@link Builder#maxConsecutiveErrors(int)} */
    public int maxConsecutiveErrors() {
        return maxConsecutiveErrors;
    }

    /** @return the value set by {@link Builder#maxAuthFailures(int)} */
    public int maxAuthFailures() {
        return maxAuthFailures;
    }

    /** @return the value set by {@link Builder#authFailureDelay(Duration)} */
    public Duration authFailureDelay() {
        return authFailureDelay;
    }

    /** @return the value set by {@link Builder#writeBufferLowWaterMark(int)} */
    public int writeBufferLowWaterMark() {
        return writeBufferLowWaterMark;
    }

    /** @return the value set by {@link Builder#writeBufferHighWaterMark(int)} */
    public int writeBufferHighWaterMark() {
        return writeBufferHighWaterMark;
    }

    /** @return the value set by {@link Builder#maxPendingBodyBytes(long)} */
    public long maxPendingBodyBytes() {
        return maxPendingBodyBytes;
    }

    /** @return the value set by {@link Builder#maxPendingReplyBytes(long)} */
    public long maxPendingReplyBytes() {
        return maxPendingReplyBytes;
    }

    /** @return the value set by {@link Builder#maxRunningRequests(int)} */
    public int maxRunningRequests() {
        return maxRunningRequests;
    }

    /** @return the value set by {@link Builder#maxOpenFiles(int)} */
    public int maxOpenFiles() {
        return maxOpenFiles;
    }

    /** @return the value set by {@link Builder#blockingThreads(int)} */
    public int blockingThreads() {
        return blockingThreads;
    }

    /** @return the value set by {@link Builder#blockingQueueSize(int)} */
    public int blockingQueueSize() {
        return blockingQueueSize;
    }

    /** @return the value set by {@link Builder#authAddressBurst(int)} */
    public int authAddressBurst() {
        return authAddressBurst;
    }

    /** @return the value set by {@link Builder#authAddressInterval(Duration)} */
    public Duration authAddressInterval() {
        return authAddressInterval;
    }

    /** @return the value set by {@link Builder#authGlobalBurst(int)} */
    public int authGlobalBurst() {
        return authGlobalBurst;
    }

    /** @return the value set by {@link Builder#authGlobalInterval(Duration)} */
    public Duration authGlobalInterval() {
        return authGlobalInterval;
    }

    /** @return the value set by {@link Builder#authMaxWait(Duration)} */
    public Duration authMaxWait() {
        return authMaxWait;
    }

    /** @return the value set by {@link Builder#authTrackedAddresses(int)} */
    public int authTrackedAddresses() {
        return authTrackedAddresses;
    }

    /** @return the value set by {@link Builder#logBurst(int)} */
    public int logBurst() {
        return logBurst;
    }

    /** @return the value set by {@link Builder#logInterval(Duration)} */
    public Duration logInterval() {
        return logInterval;
    }

    /** @return the value set by {@link Builder#blockingReserve(int)} */
    public int blockingReserve() {
        return blockingReserve;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Limits)) {
            return false;
        }
        Limits l = (Limits) o;
        return maxConnections == l.maxConnections
                && maxOutstanding == l.maxOutstanding
                && idleTimeout.equals(l.idleTimeout)
                && handlerTimeout.equals(l.handlerTimeout)
                && maxConsecutiveErrors == l.maxConsecutiveErrors
                && maxAuthFailures == l.maxAuthFailures
                && authFailureDelay.equals(l.authFailureDelay)
                && writeBufferLowWaterMark == l.writeBufferLowWaterMark
                && writeBufferHighWaterMark == l.writeBufferHighWaterMark
                && maxPendingBodyBytes == l.maxPendingBodyBytes
                && maxPendingReplyBytes == l.maxPendingReplyBytes
                && maxRunningRequests == l.maxRunningRequests
                && maxOpenFiles == l.maxOpenFiles
                && blockingThreads == l.blockingThreads
                && blockingQueueSize == l.blockingQueueSize
                && authAddressBurst == l.authAddressBurst
                && authAddressInterval.equals(l.authAddressInterval)
                && authGlobalBurst == l.authGlobalBurst
                && authGlobalInterval.equals(l.authGlobalInterval)
                && authMaxWait.equals(l.authMaxWait)
                && authTrackedAddresses == l.authTrackedAddresses
                && logBurst == l.logBurst
                && logInterval.equals(l.logInterval)
                && blockingReserveSetting == l.blockingReserveSetting;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxConnections, maxOutstanding, idleTimeout, handlerTimeout, maxConsecutiveErrors,
                maxAuthFailures, authFailureDelay, writeBufferLowWaterMark, writeBufferHighWaterMark,
                maxPendingBodyBytes, maxPendingReplyBytes, maxRunningRequests, maxOpenFiles, blockingThreads,
                blockingQueueSize, authAddressBurst, authAddressInterval, authGlobalBurst, authGlobalInterval,
                authMaxWait, authTrackedAddresses, logBurst, logInterval, blockingReserveSetting);
    }

    @Override
    public String toString() {
        return "Limits{maxConnections=" + maxConnections + ", maxOutstanding=" + maxOutstanding + ", idleTimeout="
                + idleTimeout + ", handlerTimeout=" + handlerTimeout + ", maxConsecutiveErrors=" + maxConsecutiveErrors
                + ", maxAuthFailures=" + maxAuthFailures + ", authFailureDelay=" + authFailureDelay
                + ", writeBufferLowWaterMark=" + writeBufferLowWaterMark + ", writeBufferHighWaterMark="
                + writeBufferHighWaterMark + ", maxPendingBodyBytes=" + maxPendingBodyBytes + ", maxPendingReplyBytes="
                + maxPendingReplyBytes + ", maxRunningRequests=" + maxRunningRequests + ", maxOpenFiles=" + maxOpenFiles
                + ", blockingThreads=" + blockingThreads + ", blockingQueueSize=" + blockingQueueSize
                + ", authAddressBurst=" + authAddressBurst + ", authAddressInterval=" + authAddressInterval
                + ", authGlobalBurst=" + authGlobalBurst + ", authGlobalInterval=" + authGlobalInterval
                + ", authMaxWait=" + authMaxWait + ", authTrackedAddresses=" + authTrackedAddresses + ", logBurst="
                + logBurst + ", logInterval=" + logInterval + ", blockingReserve=" + blockingReserve + '}';
    }

    /** Builder for {@link Limits}. Not thread-safe. */
    public static final class Builder {
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxOutstanding = DEFAULT_MAX_OUTSTANDING;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration handlerTimeout = DEFAULT_HANDLER_TIMEOUT;
        private int maxConsecutiveErrors = DEFAULT_MAX_CONSECUTIVE_ERRORS;
        private int maxAuthFailures = DEFAULT_MAX_AUTH_FAILURES;
        private Duration authFailureDelay = DEFAULT_AUTH_FAILURE_DELAY;
        private int writeBufferLowWaterMark = DEFAULT_WRITE_BUFFER_LOW_WATER_MARK;
        private int writeBufferHighWaterMark = DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK;
        private long maxPendingBodyBytes = DEFAULT_MAX_PENDING_BODY_BYTES;
        private long maxPendingReplyBytes = DEFAULT_MAX_PENDING_REPLY_BYTES;
        private int maxRunningRequests = DEFAULT_MAX_RUNNING_REQUESTS;
        private int maxOpenFiles = DEFAULT_MAX_OPEN_FILES;
        private int blockingThreads = DEFAULT_BLOCKING_THREADS;
        private int blockingQueueSize = DEFAULT_BLOCKING_QUEUE_SIZE;
        private int authAddressBurst = DEFAULT_AUTH_ADDRESS_BURST;
        private Duration authAddressInterval = DEFAULT_AUTH_ADDRESS_INTERVAL;
        private int authGlobalBurst = DEFAULT_AUTH_GLOBAL_BURST;
        private Duration authGlobalInterval = DEFAULT_AUTH_GLOBAL_INTERVAL;
        private Duration authMaxWait = DEFAULT_AUTH_MAX_WAIT;
        private int authTrackedAddresses = DEFAULT_AUTH_TRACKED_ADDRESSES;
        private int logBurst = DEFAULT_LOG_BURST;
        private Duration logInterval = DEFAULT_LOG_INTERVAL;
        /** Negative: a quarter of the blocking threads. */
        private int blockingReserve = -1;

        private Builder() {
        }

        /**
         * Sets the most concurrent connections; one more is answered {@code BYE BUSY} and closed. Default:
         * {@link #DEFAULT_MAX_CONNECTIONS}.
         *
         * @param maxConnections a positive value
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = checkPositive("maxConnections", maxConnections);
            return this;
        }

        /**
         * Sets the most requests of one session being handled and not yet answered; at the limit the server stops
         * reading that connection and holds back requests already read (the rest of a pipelined read) until replies
         * go out. Default: {@link #DEFAULT_MAX_OUTSTANDING}.
         *
         * @param maxOutstanding a positive value
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxOutstanding(int maxOutstanding) {
            this.maxOutstanding = checkPositive("maxOutstanding", maxOutstanding);
            return this;
        }

        /**
         * Sets how long a session may go without a complete request before {@code BYE IDLE}; zero turns it off.
         * Default: {@link #DEFAULT_IDLE_TIMEOUT}.
         *
         * @param idleTimeout a duration {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = checkDuration("idleTimeout", idleTimeout);
            return this;
        }

        /**
         * Sets the time limit of a request whose command sets none; over it the request is answered
         * {@code ERR TIMEOUT}; zero turns it off. Default: {@link #DEFAULT_HANDLER_TIMEOUT}.
         *
         * @param handlerTimeout a duration {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder handlerTimeout(Duration handlerTimeout) {
            this.handlerTimeout = checkDuration("handlerTimeout", handlerTimeout);
            return this;
        }

        /**
         * Sets how many protocol errors in a row (malformed, unknown verb, bad arguments) end the session with
         * {@code BYE PROTOCOL}. Default: {@link #DEFAULT_MAX_CONSECUTIVE_ERRORS}.
         *
         * @param maxConsecutiveErrors a positive value
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxConsecutiveErrors(int maxConsecutiveErrors) {
            this.maxConsecutiveErrors = checkPositive("maxConsecutiveErrors", maxConsecutiveErrors);
            return this;
        }

        /**
         * Sets how many failed authentications end the session with {@code BYE DENIED}. Default:
         * {@link #DEFAULT_MAX_AUTH_FAILURES}.
         *
         * @param maxAuthFailures a positive value
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxAuthFailures(int maxAuthFailures) {
            this.maxAuthFailures = checkPositive("maxAuthFailures", maxAuthFailures);
            return this;
        }

        /**
         * Sets the delay before answering a failed authentication, multiplied by the number of failures so far.
         * Default: {@link #DEFAULT_AUTH_FAILURE_DELAY}.
         *
         * @param authFailureDelay a duration {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder authFailureDelay(Duration authFailureDelay) {
            this.authFailureDelay = checkDuration("authFailureDelay", authFailureDelay);
            return this;
        }

        /**
         * Sets outbound bytes below which a paused connection resumes reading. Default:
         * {@link #DEFAULT_WRITE_BUFFER_LOW_WATER_MARK}.
         *
         * @param writeBufferLowWaterMark a positive value
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder writeBufferLowWaterMark(int writeBufferLowWaterMark) {
            this.writeBufferLowWaterMark = checkPositive("writeBufferLowWaterMark", writeBufferLowWaterMark);
            return this;
        }

        /**
         * Sets outbound bytes above which the server stops reading the connection. Default:
         * {@link #DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK}.
         *
         * @param writeBufferHighWaterMark a positive value
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder writeBufferHighWaterMark(int writeBufferHighWaterMark) {
            this.writeBufferHighWaterMark = checkPositive("writeBufferHighWaterMark", writeBufferHighWaterMark);
            return this;
        }

        /**
         * Sets streamed body bytes received and not yet written to the sink above which the server stops reading.
         * Default: {@link #DEFAULT_MAX_PENDING_BODY_BYTES}.
         *
         * @param maxPendingBodyBytes a positive value
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxPendingBodyBytes(long maxPendingBodyBytes) {
            this.maxPendingBodyBytes = checkPositive("maxPendingBodyBytes", maxPendingBodyBytes);
            return this;
        }

        /**
         * Sets the reply bytes one connection may hold unsent (outbound buffer, encoded and not yet written, or
         * completed and waiting for an earlier reply) before the server stops reading it and holds back the requests
         * it has already read. A single reply larger than this still goes out; what one connection can make the
         * server hold is about this budget plus the replies of its running requests. Must be at least
         * {@link #writeBufferHighWaterMark(int)}. Default: {@link #DEFAULT_MAX_PENDING_REPLY_BYTES}.
         *
         * @param maxPendingReplyBytes a positive value
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxPendingReplyBytes(long maxPendingReplyBytes) {
            this.maxPendingReplyBytes = checkPositive("maxPendingReplyBytes", maxPendingReplyBytes);
            return this;
        }

        /**
         * Sets the requests of one connection that may run at once on the blocking executor or asynchronously;
         * further requests wait unread. Keep it below {@link #blockingThreads(int)} so that one connection always
         * leaves threads to the others. Default: {@link #DEFAULT_MAX_RUNNING_REQUESTS}.
         *
         * @param maxRunningRequests a positive value
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxRunningRequests(int maxRunningRequests) {
            this.maxRunningRequests = checkPositive("maxRunningRequests", maxRunningRequests);
            return this;
        }

        /**
         * Sets the file bodies one connection may hold open at once; the next file reply waits until one of them is
         * sent or dropped. Files are opened only when their reply is about to be written. Default:
         * {@link #DEFAULT_MAX_OPEN_FILES}.
         *
         * @param maxOpenFiles a positive value
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxOpenFiles(int maxOpenFiles) {
            this.maxOpenFiles = checkPositive("maxOpenFiles", maxOpenFiles);
            return this;
        }

        /**
         * Sets threads of the blocking executor the server creates (ignored when one is supplied). Default:
         * {@link #DEFAULT_BLOCKING_THREADS}.
         *
         * @param blockingThreads a positive value
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder blockingThreads(int blockingThreads) {
            this.blockingThreads = checkPositive("blockingThreads", blockingThreads);
            return this;
        }

        /**
         * Sets queued tasks of the blocking executor the server creates; a request that finds it full is answered
         * {@code ERR BUSY}. Default: {@link #DEFAULT_BLOCKING_QUEUE_SIZE}.
         *
         * @param blockingQueueSize a positive value
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder blockingQueueSize(int blockingQueueSize) {
            this.blockingQueueSize = checkPositive("blockingQueueSize", blockingQueueSize);
            return this;
        }

        /**
         * Sets how many authentication attempts one source address may have evaluated at once; after them its attempts
         * are spaced out by {@link #authAddressInterval()} (successful attempts do not count). Default:
         * {@link #DEFAULT_AUTH_ADDRESS_BURST}.
         *
         * @param authAddressBurst a positive value
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder authAddressBurst(int authAddressBurst) {
            this.authAddressBurst = checkPositive("authAddressBurst", authAddressBurst);
            return this;
        }

        /**
         * Sets the time per further authentication attempt of one address once it has spent its
         * {@link #authAddressBurst()}; the burst refills at the same pace; zero turns the per-address bound off.
         * Default: {@link #DEFAULT_AUTH_ADDRESS_INTERVAL}.
         *
         * @param authAddressInterval a duration {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder authAddressInterval(Duration authAddressInterval) {
            this.authAddressInterval = checkDuration("authAddressInterval", authAddressInterval);
            return this;
        }

        /**
         * Sets how many authentication attempts of all addresses together may be evaluated at once; after them attempts
         * are spaced out by {@link #authGlobalInterval()} (successful attempts do not count). Default:
         * {@link #DEFAULT_AUTH_GLOBAL_BURST}.
         *
         * @param authGlobalBurst a positive value
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder authGlobalBurst(int authGlobalBurst) {
            this.authGlobalBurst = checkPositive("authGlobalBurst", authGlobalBurst);
            return this;
        }

        /**
         * Sets the time per further authentication attempt of any address once the {@link #authGlobalBurst()} is spent;
         * zero turns the global bound off. Default: {@link #DEFAULT_AUTH_GLOBAL_INTERVAL}.
         *
         * @param authGlobalInterval a duration {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder authGlobalInterval(Duration authGlobalInterval) {
            this.authGlobalInterval = checkDuration("authGlobalInterval", authGlobalInterval);
            return this;
        }

        /**
         * Sets the longest an authentication attempt waits for its turn under the address and global bounds; one that
         * would wait longer is answered {@code ERR BUSY} without being evaluated. Default:
         * {@link #DEFAULT_AUTH_MAX_WAIT}.
         *
         * @param authMaxWait a duration {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder authMaxWait(Duration authMaxWait) {
            this.authMaxWait = checkDuration("authMaxWait", authMaxWait);
            return this;
        }

        /**
         * Sets how many source addresses (IPv6: /64 networks) the authentication bound remembers; when all are in use,
         * further addresses share one bound. Default: {@link #DEFAULT_AUTH_TRACKED_ADDRESSES}.
         *
         * @param authTrackedAddresses a positive value
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder authTrackedAddresses(int authTrackedAddresses) {
            this.authTrackedAddresses = checkPositive("authTrackedAddresses", authTrackedAddresses);
            return this;
        }

        /**
         * Sets how many lines about sessions (warnings and errors) all sessions together may log at once; after them
         * one per {@link #logInterval()}, the rest counted. Default: {@link #DEFAULT_LOG_BURST}.
         *
         * @param logBurst a positive value
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder logBurst(int logBurst) {
            this.logBurst = checkPositive("logBurst", logBurst);
            return this;
        }

        /**
         * Sets the time per further line about sessions once the {@link #logBurst()} is spent; zero turns the bound
         * off. Default: {@link #DEFAULT_LOG_INTERVAL}.
         *
         * @param logInterval a duration {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder logInterval(Duration logInterval) {
            this.logInterval = checkDuration("logInterval", logInterval);
            return this;
        }

        /**
         * Sets how many of the {@link #blockingThreads(int) blocking threads} are kept for connections that have
         * nothing running. A connection with a request running (blocking, async, a streamed body) starts another only
         * while more than this many threads are free; its first one always starts. So connections that pipeline slow
         * work cannot take every thread between them, and a connection with one request gets a thread as soon as one is
         * free rather than behind their queue. With a
         * {@linkplain ParleyServer.Builder#blockingExecutor shared executor} the count of threads is taken to be
         * {@link #blockingThreads()}. Default: {@code blockingThreads / }{@link #DEFAULT_BLOCKING_RESERVE_DIVISOR}.
         *
         * @param blockingReserve a value {@code >= 0}, below {@link #blockingThreads()} (checked by {@link #build()})
         * @return this builder
         */
        public Builder blockingReserve(int blockingReserve) {
            if (blockingReserve < 0) {
                throw new IllegalArgumentException("blockingReserve: " + blockingReserve + " (expected: >= 0)");
            }
            this.blockingReserve = blockingReserve;
            return this;
        }

        private Builder blockingReserveSetting(int setting) {
            this.blockingReserve = setting;
            return this;
        }

        /**
         * Builds the limits.
         *
         * @return the immutable limits
         * @throws IllegalArgumentException if the low water mark is not below the high one, or the reply byte budget
         *                                  is below the high water mark
         */
        public Limits build() {
            if (writeBufferLowWaterMark >= writeBufferHighWaterMark) {
                throw new IllegalArgumentException("writeBufferLowWaterMark: " + writeBufferLowWaterMark
                        + " (expected: < writeBufferHighWaterMark " + writeBufferHighWaterMark + ")");
            }
            // Reading resumes on the channel turning writable again: a budget below the high water mark could be
            // exceeded by outbound bytes alone without the channel ever turning unwritable, and never resume.
            if (maxPendingReplyBytes < writeBufferHighWaterMark) {
                throw new IllegalArgumentException("maxPendingReplyBytes: " + maxPendingReplyBytes
                        + " (expected: >= writeBufferHighWaterMark " + writeBufferHighWaterMark + ")");
            }
            if (blockingReserve >= 0 && blockingReserve >= blockingThreads) {
                throw new IllegalArgumentException("blockingReserve: " + blockingReserve
                        + " (expected: < blockingThreads " + blockingThreads + ")");
            }
            return new Limits(this);
        }

        private static int checkPositive(String name, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
            }
            return value;
        }

        private static long checkPositive(String name, long value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
            }
            return value;
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
