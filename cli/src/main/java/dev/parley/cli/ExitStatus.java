package dev.parley.cli;

/**
 * The exit statuses of the {@code parley} command, after BSD's sysexits where one fits.
 */
public final class ExitStatus {

    /** Success. */
    public static final int OK = 0;
    /** The peer answered {@code ERR}; code and message are on stderr. */
    public static final int ERR_REPLY = 1;
    /** The command line was wrong (EX_USAGE). */
    public static final int USAGE = 64;
    /** Could not connect, or the service stayed unavailable after retries (EX_UNAVAILABLE). */
    public static final int UNAVAILABLE = 69;
    /** A local file could not be read or written (EX_IOERR). */
    public static final int IO_ERROR = 74;
    /** Timed out or the connection was lost: the outcome may be unknown (EX_TEMPFAIL). */
    public static final int TEMP_FAIL = 75;
    /** The peer broke the protocol (EX_PROTOCOL). */
    public static final int PROTOCOL = 76;
    /**
     * The agent refused the credentials for good (a wrong token: {@code DENIED} to {@code auth}); ends the call at
     * once, without retries (EX_NOPERM).
     */
    public static final int DENIED = 77;
    /**
     * The peer's TLS certificate failed verification, or the peer does not speak TLS: a setting to fix, not a
     * failure to retry (EX_CONFIG).
     */
    public static final int UNTRUSTED = 78;
    /** A local software error (EX_SOFTWARE). */
    public static final int SOFTWARE = 70;

    private ExitStatus() {
    }
}
