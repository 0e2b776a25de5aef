package dev.parley.memcached.store;

/**
 * Outcome of a meta protocol command ({@code mg ms md ma}): a status, the item as it is after the command (for the
 * reply's {@code c t f s k} flags) and, for {@code mg}, the win token decisions behind {@code W Z X}.
 */
public final class MetaResult {

    /** What happened. */
    public enum Status {
        /** {@code mg}: a live item, perhaps stale; {@code ma}: the value was changed. */
        HIT,
        /** {@code mg} with {@code N}, {@code ma} with {@code N}: there was none, an item was created. */
        CREATED,
        /** No live item: {@code EN} for {@code mg}, {@code NF} for the others. */
        NOT_FOUND,
        /** {@code ms}: stored; {@code md}: deleted or marked stale. */
        DONE,
        /** {@code ms}: the mode's condition failed ({@code NS}). */
        NOT_STORED,
        /** The compared cas unique differs ({@code EX}). */
        EXISTS,
        /** {@code ms}: the item would exceed the item size limit. */
        TOO_LARGE,
        /** Memory could not be found for the item. */
        OUT_OF_MEMORY,
        /** {@code ma}: the value is not a decimal number. */
        NON_NUMERIC
    }

    static final MetaResult NOT_FOUND = new MetaResult(Status.NOT_FOUND, null, 0, false, false, false, 0);
    static final MetaResult NOT_STORED = new MetaResult(Status.NOT_STORED, null, 0, false, false, false, 0);
    static final MetaResult EXISTS = new MetaResult(Status.EXISTS, null, 0, false, false, false, 0);
    static final MetaResult TOO_LARGE = new MetaResult(Status.TOO_LARGE, null, 0, false, false, false, 0);
    static final MetaResult OUT_OF_MEMORY = new MetaResult(Status.OUT_OF_MEMORY, null, 0, false, false, false, 0);
    static final MetaResult NON_NUMERIC = new MetaResult(Status.NON_NUMERIC, null, 0, false, false, false, 0);
    static final MetaResult DONE_NO_ITEM = new MetaResult(Status.DONE, null, 0, false, false, false, 0);

    private final Status status;
    private final Item item;
    private final long previousExpiresAtMillis;
    private final boolean won;
    private final boolean alreadyWon;
    private final boolean staleWon;
    private final long number;

    MetaResult(Status status, Item item, long previousExpiresAtMillis, boolean won, boolean alreadyWon,
               boolean staleWon, long number) {
        this.status = status;
        this.item = item;
        this.previousExpiresAtMillis = previousExpiresAtMillis;
        this.won = won;
        this.alreadyWon = alreadyWon;
        this.staleWon = staleWon;
        this.number = number;
    }

    /** @return what happened */
    public Status status() {
        return status;
    }

    /** @return the item after the command, or {@code null} when there is none (misses, failures, deletes) */
    public Item item() {
        return item;
    }

    /** @return the item's expiry before a {@code T} touch of this command: what a {@code t} before {@code T} shows */
    public long previousExpiresAtMillis() {
        return previousExpiresAtMillis;
    }

    /** @return whether this request won the right to recache ({@code N} vivify or {@code R} recache): {@code W} */
    public boolean won() {
        return won;
    }

    /** @return whether an earlier request already holds the win token: {@code Z} */
    public boolean alreadyWon() {
        return alreadyWon;
    }

    /** @return whether this request got the win token because the item is stale: the {@code W} after {@code X} */
    public boolean staleWon() {
        return staleWon;
    }

    /** @return {@code ma}: the new (or initial) value */
    public long number() {
        return number;
    }
}
