package dev.parley.client;

import java.util.Objects;

/**
 * A call that ended without a successful reply. Every failure carries a recognisable {@link #code() code} (the first
 * word of its message, for example {@code CONNECT_REFUSED}, {@code TIMEOUT}, {@code CONNECTION_LOST},
 * {@code PROTOCOL}, or a remote {@code ERR} code such as {@code NOT_FOUND}), whether it is
 * {@link #isTransient() transient}, and how far the request got ({@link #progress()}).
 */
public class ParleyClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** No connection could be opened: the peer refused it. */
    public static final String CONNECT_REFUSED = "CONNECT_REFUSED";
    /** No connection could be opened within the connect timeout. */
    public static final String CONNECT_TIMEOUT = "CONNECT_TIMEOUT";
    /** No connection could be opened for another reason (unresolved host, no route). */
    public static final String CONNECT_FAILED = "CONNECT_FAILED";
    /** The peer accepted the connection but did not greet within the greeting timeout. */
    public static final String GREETING_TIMEOUT = "GREETING_TIMEOUT";
    /** The peer greeted with the wrong protocol or service. */
    public static final String GREETING_MISMATCH = "GREETING_MISMATCH";
    /**
     * The TLS handshake failed: the server's certificate is not trusted or does not name the host, or the two ends
     * share no protocol or cipher. The session keeps reconnecting with backoff (a certificate may be replaced).
     */
    public static final String TLS_HANDSHAKE = "TLS_HANDSHAKE";
    /** The on-connect setup (authentication, session state) failed on a new connection. */
    public static final String SETUP_FAILED = "SETUP_FAILED";
    /** The request's deadline (or its attempt limit) passed. */
    public static final String TIMEOUT = "TIMEOUT";
    /** The connection closed (reset, EOF, {@code BYE}, dead peer) before the reply came. */
    public static final String CONNECTION_LOST = "CONNECTION_LOST";
    /** The peer sent something that breaks the protocol; the connection was closed and is being re-established. */
    public static final String PROTOCOL = "PROTOCOL";
    /** The reply body was larger than the aggregation maximum. */
    public static final String BODY_TOO_LARGE = "BODY_TOO_LARGE";
    /** The session was closed. */
    public static final String CLOSED = "CLOSED";

    private final String code;
    private final boolean transientFailure;
    private final Progress progress;

    /**
     * Creates the exception; the message becomes {@code <code>: <detail>}.
     *
     * @param code the recognisable code
     * @param transientFailure whether trying again later may succeed
     * @param progress how far the request got
     * @param detail what happened, for humans
     * @param cause the underlying failure, may be {@code null}
     */
    public ParleyClientException(String code, boolean transientFailure, Progress progress, String detail,
                                 Throwable cause) {
        super(code + ": " + detail, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.transientFailure = transientFailure;
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** @return the recognisable code, also the first word of the message */
    public String code() {
        return code;
    }

    /** @return whether trying again later may succeed */
    public boolean isTransient() {
        return transientFailure;
    }

    /** @return how far the request got: the furthest of all its attempts */
    public Progress progress() {
        return progress;
    }
}
