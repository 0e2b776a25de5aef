package dev.parley.server;

import io.netty.util.concurrent.Ticker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the server logs about one session, made safe against floods: the first line of each kind (a code and a
 * cause, such as {@code PS006 java.io.IOException}) is logged, its repeats are only counted (and logged at DEBUG),
 * and when the session closes one {@code PS016} line per kind says how many repeats there were. Every line, the
 * summaries too, also passes the server-wide {@link LogBudget}. Up to {@value #MAX_KINDS} kinds are tracked per
 * session; lines of further kinds are logged each time, within the budget. Thread-safe (blocking tasks log too).
 */
final class SessionLog {

    static final int MAX_KINDS = 16;

    private final LogBudget budget;
    private final Ticker ticker;
    private final String session;
    /** Repeats not logged, per kind seen. */
    /** Made with the first line logged: most sessions never log one. */
    private Map<String, Long> repeats;
    private boolean closed;

    SessionLog(LogBudget budget, Ticker ticker, String session) {
        this.budget = budget;
        this.ticker = ticker;
        this.session = session;
    }

    /**
     * Logs a warning at most once per kind on this session.
     *
     * @param code the line's code, e.g. {@code PS006}; the format starts with it
     * @param cause what distinguishes this kind of line under the code, e.g. an exception's class name
     * @param format the slf4j format
     * @param args its arguments, a last Throwable logged with its stack trace
     */
    synchronized void warn(String code, String cause, String format, Object... args) {
        if (first(code + ' ' + cause, format, args) && budget.admit(ticker.nanoTime())) {
            RunningServer.LOG.warn(format, args);
        }
    }

    /** As {@link #warn}, at ERROR. */
    synchronized void error(String code, String cause, String format, Object... args) {
        if (first(code + ' ' + cause, format, args) && budget.admit(ticker.nanoTime())) {
            RunningServer.LOG.error(format, args);
        }
    }

    /** @return whether the line is the first of its kind (or of an untracked kind); counts it otherwise */
    private boolean first(String kind, String format, Object[] args) {
        if (repeats == null) {
            repeats = new LinkedHashMap<>();
        }
        Long n = repeats.get(kind);
        if (n != null) {
            repeats.put(kind, n + 1);
            if (RunningServer.LOG.isDebugEnabled()) {
                RunningServer.LOG.debug("(repeat) " + format, args);
            }
            return false;
        }
        if (repeats.size() < MAX_KINDS) {
            repeats.put(kind, 0L);
        }
        return true;
    }

    /** The session closed: logs the count of each kind that repeated. Repeats after this are only counted. */
    synchronized void closed() {
        if (closed) {
            return;
        }
        closed = true;
        if (repeats == null) {
            return;
        }
        for (Map.Entry<String, Long> e : repeats.entrySet()) {
            long n = e.getValue();
            if (n > 0 && budget.admit(ticker.nanoTime())) {
                RunningServer.LOG.warn("PS016 session {}: {} repeated {} more times after the line logged", session,
                        e.getKey(), n);
            }
            e.setValue(0L);
        }
    }
}
