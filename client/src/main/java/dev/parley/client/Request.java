package dev.parley.client;

import dev.parley.codec.text.ParleyText;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A request: a verb, arguments, an optional body, and what it does ({@link Kind}), which decides whether it may be
 * retried after it may have run. Immutable; the {@code with*} methods return copies.
 *
 * <pre>
 * Request.query("ls", "/tmp")                       // idempotent, safe to repeat
 * Request.action("rm", "/tmp/x")                    // may have side effects: never repeated once it may have run
 * Request.idempotentAction("push", "/tmp/f").withBody(Body.ofFile(path))
 * </pre>
 * Protocol modules usually declare the kind once per verb in a {@link Verbs} table.
 */
public final class Request {

    /** What a request does, and so whether it may be repeated. */
    public enum Kind {
        /** Reads only; repeating it is harmless. */
        QUERY(true),
        /** May have side effects; repeated only when it certainly did not run. */
        ACTION(false),
        /** Has side effects, but running it twice has the same effect as once (an upload to a fixed path). */
        IDEMPOTENT_ACTION(true);

        private final boolean idempotent;

        Kind(boolean idempotent) {
            this.idempotent = idempotent;
        }

        /** @return whether repeating the request is harmless */
        public boolean isIdempotent() {
            return idempotent;
        }

        /** @return the lower-case name used in logs: {@code query}, {@code action}, {@code idempotent-action} */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Kind kind;
    private final String verb;
    private final List<String> args;
    private final Body body;
    private final Duration timeout;
    private final Duration attemptTimeout;
    private final ProgressListener progress;
    private final boolean sensitive;

    private Request(Kind kind, String verb, List<String> args, Body body, Duration timeout, Duration attemptTimeout,
                    ProgressListener progress, boolean sensitive) {
        this.kind = kind;
        this.verb = verb;
        this.args = args;
        this.body = body;
        this.timeout = timeout;
        this.attemptTimeout = attemptTimeout;
        this.progress = progress;
        this.sensitive = sensitive;
    }

    /**
     * Creates a request of the given kind.
     *
     * @param kind what it does
     * @param verb a bare word of ASCII letters, digits, {@code _ - .}
     * @param args the arguments
     * @return the request
     * @throws IllegalArgumentException if the verb is malformed
     */
    public static Request of(Kind kind, String verb, List<String> args) {
        Objects.requireNonNull(kind, "kind");
        return new Request(kind, checkVerb(verb), List.copyOf(args), null, null, null, null, false);
    }

    /**
     * Creates a query: a request without side effects, retried whenever a retry is allowed.
     *
     * @param verb the verb
     * @param args the arguments
     * @return the request
     */
    public static Request query(String verb, String... args) {
        return of(Kind.QUERY, verb, List.of(args));
    }

    /**
     * Creates an action: a request that may have side effects, never retried once it may have run.
     *
     * @param verb the verb
     * @param args the arguments
     * @return the request
     */
    public static Request action(String verb, String... args) {
        return of(Kind.ACTION, verb, List.of(args));
    }

    /**
     * Creates an idempotent action: side effects that are the same when applied twice, retried like a query.
     *
     * @param verb the verb
     * @param args the arguments
     * @return the request
     */
    public static Request idempotentAction(String verb, String... args) {
        return of(Kind.IDEMPOTENT_ACTION, verb, List.of(args));
    }

    private static String checkVerb(String verb) {
        Objects.requireNonNull(verb, "verb");
        boolean ok = !verb.isEmpty();
        for (int i = 0; i < verb.length() && ok; i++) {
            char c = verb.charAt(i);
            ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
                    || c == '.';
        }
        if (!ok) {
            throw new IllegalArgumentException("verb: \"" + verb + "\" (expected: a word of ASCII letters, digits, "
                    + "'_', '-', '.')");
        }
        return verb;
    }

    /**
     * Returns a copy with a body written after the request line; the body must be re-readable for retries.
     *
     * @param body the body
     * @return the copy
     */
    public Request withBody(Body body) {
        return new Request(kind, verb, args, Objects.requireNonNull(body, "body"), timeout, attemptTimeout, progress,
                sensitive);
    }

    /**
     * Returns a copy with its own deadline, overriding {@link TimeoutOptions#requestTimeout()}. Waiting for a
     * connection, backoff pauses, retries and reconnects all happen within it.
     *
     * @param timeout the time from {@code send} until the call ends, {@code > 0}
     * @return the copy
     */
    public Request withTimeout(Duration timeout) {
        return new Request(kind, verb, args, body, positive("timeout", timeout), attemptTimeout, progress, sensitive);
    }

    /**
     * Returns a copy with a limit per attempt (from the write until the reply), shorter than the deadline; a query
     * that runs over it may be retried within the deadline.
     *
     * @param attemptTimeout the per-attempt limit, {@code > 0}; capped by the deadline
     * @return the copy
     */
    public Request withAttemptTimeout(Duration attemptTimeout) {
        return new Request(kind, verb, args, body, timeout, positive("attemptTimeout", attemptTimeout), progress,
                sensitive);
    }

    /**
     * Returns a copy that reports bytes sent and received, for progress bars.
     *
     * @param listener called on the session's event loop; must not block
     * @return the copy
     */
    public Request withProgress(ProgressListener listener) {
        return new Request(kind, verb, args, body, timeout, attemptTimeout,
                Objects.requireNonNull(listener, "listener"), sensitive);
    }

    /**
     * Returns a copy whose arguments are never logged (credentials): logs and errors show {@code ***} instead.
     *
     * @return the copy
     */
    public Request sensitive() {
        return new Request(kind, verb, args, body, timeout, attemptTimeout, progress, true);
    }

    private static Duration positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
        }
        return d;
    }

    /** @return what the request does */
    public Kind kind() {
        return kind;
    }

    /** @return the verb, as given */
    public String verb() {
        return verb;
    }

    /** @return the arguments, unmodifiable */
    public List<String> args() {
        return args;
    }

    /** @return the body, or {@code null} */
    public Body body() {
        return body;
    }

    /** @return the request's own deadline, or {@code null} for the session default */
    public Duration timeout() {
        return timeout;
    }

    /** @return the per-attempt limit, or {@code null} for none */
    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    /** @return the progress listener, or {@code null} */
    public ProgressListener progressListener() {
        return progress;
    }

    /** @return whether the arguments are hidden from logs */
    public boolean isSensitive() {
        return sensitive;
    }

    /** @return the kind and the line as it would be logged, for example {@code query ls /tmp} */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind.label()).append(' ').append(verb);
        if (sensitive) {
            sb.append(" ***");
        } else {
            for (String a : args) {
                sb.append(' ').append(ParleyText.quote(a));
            }
        }
        if (body != null) {
            sb.append(" {").append(body.length()).append('}');
        }
        return sb.toString();
    }
}
