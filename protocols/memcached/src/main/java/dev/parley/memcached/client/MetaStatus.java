package dev.parley.memcached.client;

/** The status code that opens a meta reply ({@code mg ms md ma mn}). */
public enum MetaStatus {
    /** {@code VA}: success, with a value. */
    VALUE,
    /** {@code HD}: success, no value (hit without {@code v}, stored, deleted, incremented without {@code v}). */
    OK,
    /** {@code EN}: {@code mg} miss. */
    MISS,
    /** {@code NF}: no such item ({@code md}, {@code ma}, {@code ms} in append/prepend/replace mode or with a cas). */
    NOT_FOUND,
    /** {@code NS}: not stored (the mode's condition was not met). */
    NOT_STORED,
    /** {@code EX}: the compare-cas did not match. */
    EXISTS,
    /** {@code MN}: the answer to {@code mn}. */
    NOOP;

    static MetaStatus of(String code) {
        switch (code) {
            case "VA": return VALUE;
            case "HD": return OK;
            case "EN": return MISS;
            case "NF": return NOT_FOUND;
            case "NS": return NOT_STORED;
            case "EX": return EXISTS;
            case "MN": return NOOP;
            default: return null;
        }
    }
}
