package dev.parley.client;

/**
 * How far a request got on the wire. The order of the constants is the order of progress: when a request is tried
 * several times, its failure reports the furthest any attempt got, so an action that may have run once is never
 * reported as unsent.
 */
public enum Progress {
    /** Never written to a connection: it certainly did not run. */
    NOT_SENT,
    /** The server refused it without executing it ({@code ERR BUSY}, {@code ERR UNAVAILABLE}). */
    REJECTED,
    /** Written, but no reply came (connection lost, timed out, {@code ERR TIMEOUT}): it may or may not have run. */
    UNKNOWN,
    /** The server answered it ({@code OK} or an {@code ERR} that is the answer). */
    ANSWERED;

    /**
     * Returns the further of two progresses.
     *
     * @param other another progress
     * @return {@code this} or {@code other}, whichever got further
     */
    public Progress furthest(Progress other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
