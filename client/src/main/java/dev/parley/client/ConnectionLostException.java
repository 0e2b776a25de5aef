package dev.parley.client;

/**
 * The connection closed (reset, end of stream, {@code BYE}, a dead peer found by keepalive, a stalled stream) after the
 * request was written and before its reply came. Code {@link #CONNECTION_LOST}; transient; progress
 * {@link Progress#UNKNOWN} unless stated otherwise.
 */
public class ConnectionLostException extends ParleyClientException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param progress how far the request got
     * @param detail what happened
     * @param cause the underlying failure, may be {@code null}
     */
    public ConnectionLostException(Progress progress, String detail, Throwable cause) {
        super(CONNECTION_LOST, true, progress, detail, cause);
    }
}
