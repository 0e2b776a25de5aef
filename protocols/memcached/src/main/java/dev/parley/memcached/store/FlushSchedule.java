package dev.parley.memcached.store;

/**
 * The state left by {@code flush_all}: items last modified before {@link #cutoff(long)} are dead.
 * A delayed flush is pending until its time comes; scheduling a new one first folds an already due
 * pending flush into the applied cutoff, so items it invalidated cannot come back.
 */
final class FlushSchedule {

    static final long NONE = Long.MIN_VALUE;
    static final FlushSchedule INITIAL = new FlushSchedule(NONE, NONE);

    private final long appliedCutoff;
    private final long pendingAt;

    private FlushSchedule(long appliedCutoff, long pendingAt) {
        this.appliedCutoff = appliedCutoff;
        this.pendingAt = pendingAt;
    }

    /** Items whose last modification is earlier than the returned time are invalid at {@code now}. */
    long cutoff(long now) {
        return pendingAt != NONE && now >= pendingAt ? Math.max(appliedCutoff, pendingAt) : appliedCutoff;
    }

    /** The schedule after an immediate flush at {@code now}, which also cancels a pending one. */
    FlushSchedule flushedNow(long now) {
        return new FlushSchedule(Math.max(cutoff(now), now), NONE);
    }

    /** The schedule after a flush delayed until {@code at}, which replaces a pending one not yet due. */
    FlushSchedule delayedUntil(long at, long now) {
        return new FlushSchedule(cutoff(now), at);
    }
}
