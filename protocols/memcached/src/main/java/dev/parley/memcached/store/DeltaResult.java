package dev.parley.memcached.store;

/**
 * Outcome of {@code incr} or {@code decr}: a status and, when the item was updated, its new value as an
 * unsigned 64-bit number. Results other than {@link Status#UPDATED} are shared constants.
 */
public final class DeltaResult {

    /** The text a server puts after {@code CLIENT_ERROR} when the item's value is not a number. */
    public static final String NON_NUMERIC_MESSAGE = "cannot increment or decrement non-numeric value";

    /** What happened to the item. */
    public enum Status {
        /** The value was changed; {@link #value()} holds the new value. */
        UPDATED,
        /** No live item has that key. */
        NOT_FOUND,
        /** The item's value is not the decimal form of an unsigned 64-bit number; nothing changed. */
        NON_NUMERIC,
        /** The new value could not be given memory; nothing changed. */
        OUT_OF_MEMORY
    }

    static final DeltaResult NOT_FOUND_RESULT = new DeltaResult(Status.NOT_FOUND, 0);
    static final DeltaResult NON_NUMERIC_RESULT = new DeltaResult(Status.NON_NUMERIC, 0);
    static final DeltaResult OUT_OF_MEMORY_RESULT = new DeltaResult(Status.OUT_OF_MEMORY, 0);

    private final Status status;
    private final long value;

    private DeltaResult(Status status, long value) {
        this.status = status;
        this.value = value;
    }

    static DeltaResult updated(long value) {
        return new DeltaResult(Status.UPDATED, value);
    }

    /**
     * Returns what happened.
     *
     * @return the status
     */
    public Status status() {
        return status;
    }

    /**
     * Returns whether the value was changed.
     *
     * @return {@code true} if {@link #status()} is {@link Status#UPDATED}
     */
    public boolean isUpdated() {
        return status == Status.UPDATED;
    }

    /**
     * Returns the new value, an unsigned 64-bit number held in a {@code long}
     * (use {@link Long#toUnsignedString(long)} to print it).
     *
     * @return the new value
     * @throws IllegalStateException if the status is not {@link Status#UPDATED}
     */
    public long value() {
        if (status != Status.UPDATED) {
            throw new IllegalStateException("status: " + status + " (expected: UPDATED)");
        }
        return value;
    }

    /**
     * Returns the new value in decimal, as the server replies it.
     *
     * @return the decimal digits of the new value
     * @throws IllegalStateException if the status is not {@link Status#UPDATED}
     */
    public String valueString() {
        return Long.toUnsignedString(value());
    }

    @Override
    public String toString() {
        return status == Status.UPDATED ? "UPDATED(" + Long.toUnsignedString(value) + ')' : status.name();
    }
}
