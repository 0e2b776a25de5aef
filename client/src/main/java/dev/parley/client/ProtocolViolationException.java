package dev.parley.client;

/**
 * The peer sent something that breaks the protocol (garbage, a framing violation) while this request waited for its
 * reply. Code {@link #PROTOCOL}; not transient. The connection was closed and is re-established.
 */
public class ProtocolViolationException extends ParleyClientException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param progress how far the request got
     * @param detail what happened
     * @param cause the underlying failure, may be {@code null}
     */
    public ProtocolViolationException(Progress progress, String detail, Throwable cause) {
        super(PROTOCOL, false, progress, detail, cause);
    }
}
