package dev.parley.codec.text;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * An error code of the Parley text protocol ({@code ERR <CODE>} and {@code BYE <CODE>}): an UPPER_SNAKE word and
 * what it says about the request it answers.
 *
 * <p>The built-in codes are constants. Protocols built on Parley {@link #register(String, Kind) register} their own,
 * each declared permanent or transient; {@link #of(String)} returns the registered code for a name, and a
 * permanent code for a name nobody registered (an unknown error is never retried blindly).
 */
public final class ErrorCode {

    /** What an error code says about the request it answers. */
    public enum Kind {
        /** The request failed and repeating it as is will fail again. */
        PERMANENT,
        /** The request was NOT executed; it is safe to retry it later, whatever it does. */
        TRANSIENT,
        /** The request may or may not have been executed. */
        OUTCOME_UNKNOWN
    }

    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*");
    private static final Map<String, ErrorCode> REGISTRY = new ConcurrentHashMap<>();

    /** The line could not be parsed: bad quoting, invalid UTF-8, no verb. */
    public static final ErrorCode BAD_REQUEST = builtin("BAD_REQUEST", Kind.PERMANENT);
    /** No such verb. */
    public static final ErrorCode UNKNOWN_COMMAND = builtin("UNKNOWN_COMMAND", Kind.PERMANENT);
    /** Wrong number or form of arguments; the message carries the usage. */
    public static final ErrorCode BAD_ARGS = builtin("BAD_ARGS", Kind.PERMANENT);
    /** The line was longer than the maximum. */
    public static final ErrorCode TOO_LONG = builtin("TOO_LONG", Kind.PERMANENT);
    /** The announced raw block was larger than the maximum; its bytes were discarded. */
    public static final ErrorCode TOO_LARGE = builtin("TOO_LARGE", Kind.PERMANENT);
    /** The session must authenticate first. */
    public static final ErrorCode AUTH_REQUIRED = builtin("AUTH_REQUIRED", Kind.PERMANENT);
    /** Not allowed: wrong credentials, a path outside the sandbox, a disabled feature. */
    public static final ErrorCode DENIED = builtin("DENIED", Kind.PERMANENT);
    /** The target does not exist. */
    public static final ErrorCode NOT_FOUND = builtin("NOT_FOUND", Kind.PERMANENT);
    /** The target already exists. */
    public static final ErrorCode EXISTS = builtin("EXISTS", Kind.PERMANENT);
    /** The command ran and failed. */
    public static final ErrorCode FAILED = builtin("FAILED", Kind.PERMANENT);
    /** The server failed unexpectedly; the message carries an id to find the server's log entry. */
    public static final ErrorCode INTERNAL = builtin("INTERNAL", Kind.PERMANENT);
    /** The server is overloaded; the request was not executed. */
    public static final ErrorCode BUSY = builtin("BUSY", Kind.TRANSIENT);
    /** The service cannot take the request now (shutting down); the request was not executed. */
    public static final ErrorCode UNAVAILABLE = builtin("UNAVAILABLE", Kind.TRANSIENT);
    /** The request ran over its time limit; it may or may not have taken effect. */
    public static final ErrorCode TIMEOUT = builtin("TIMEOUT", Kind.OUTCOME_UNKNOWN);

    /** {@code BYE} only: the session was idle too long. */
    public static final ErrorCode IDLE = builtin("IDLE", Kind.TRANSIENT);
    /** {@code BYE} only: the server is shutting down. */
    public static final ErrorCode SHUTDOWN = builtin("SHUTDOWN", Kind.TRANSIENT);
    /** {@code BYE} only: too many protocol errors; the stream is no longer trusted. */
    public static final ErrorCode PROTOCOL = builtin("PROTOCOL", Kind.PERMANENT);
    /** {@code BYE} only: the client asked to quit. */
    public static final ErrorCode QUIT = builtin("QUIT", Kind.PERMANENT);

    private final String name;
    private final Kind kind;

    private ErrorCode(String name, Kind kind) {
        this.name = name;
        this.kind = kind;
    }

    private static ErrorCode builtin(String name, Kind kind) {
        ErrorCode code = new ErrorCode(name, kind);
        REGISTRY.put(name, code);
        return code;
    }

    /**
     * Registers a protocol-specific code, or returns the existing one when it was registered with the same kind.
     *
     * @param name an UPPER_SNAKE word
     * @param kind whether the code is permanent or transient
     * @return the registered code
     * @throws IllegalArgumentException if the name is not UPPER_SNAKE or is registered with another kind
     */
    public static ErrorCode register(String name, Kind kind) {
        Objects.requireNonNull(kind, "kind");
        if (!isValidName(name)) {
            throw new IllegalArgumentException("error code: " + name + " (expected: an UPPER_SNAKE word)");
        }
        ErrorCode code = REGISTRY.computeIfAbsent(name, n -> new ErrorCode(n, kind));
        if (code.kind != kind) {
            throw new IllegalArgumentException("error code " + name + " is already registered as " + code.kind);
        }
        return code;
    }

    /**
     * Returns the code with this name: the registered one, or an unregistered permanent code.
     *
     * @param name an UPPER_SNAKE word
     * @return the code
     * @throws IllegalArgumentException if the name is not UPPER_SNAKE
     */
    public static ErrorCode of(String name) {
        ErrorCode code = REGISTRY.get(name);
        if (code != null) {
            return code;
        }
        if (!isValidName(name)) {
            throw new IllegalArgumentException("error code: " + name + " (expected: an UPPER_SNAKE word)");
        }
        return new ErrorCode(name, Kind.PERMANENT);
    }

    /**
     * Returns whether the text is a well-formed code name.
     *
     * @param name any text, possibly {@code null}
     * @return {@code true} for an UPPER_SNAKE word
     */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** @return the code's name, as written on the wire */
    public String name() {
        return name;
    }

    /** @return what the code says about the request */
    public Kind kind() {
        return kind;
    }

    /** @return whether the request was guaranteed not to run and may be retried whatever it does */
    public boolean isTransient() {
        return kind == Kind.TRANSIENT;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorCode && ((ErrorCode) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
