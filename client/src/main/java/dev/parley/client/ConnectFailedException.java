package dev.parley.client;

/**
 * No connection was ready: it could not be opened, the TLS handshake failed, the peer did not greet properly, or the
 * on-connect setup failed. Codes: {@link #CONNECT_REFUSED}, {@link #CONNECT_TIMEOUT}, {@link #CONNECT_FAILED},
 * {@link #TLS_HANDSHAKE}, {@link #GREETING_TIMEOUT}, {@link #GREETING_MISMATCH}, {@link #SETUP_FAILED}. The request
 * was {@link Progress#NOT_SENT}.
 *
 * <p>Transient unless the peer turned the connection down for good: a greeting of another service or version, a
 * certificate that fails verification, or a setup (authentication) refused with a permanent error. Trying again does
 * not help then, so the session fails its waiting requests at once instead of letting them wait for their deadline.
 */
public class ConnectFailedException extends ParleyClientException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates a transient exception.
     *
     * @param code the code
     * @param detail what happened
     * @param cause the underlying failure, may be {@code null}
     */
    public ConnectFailedException(String code, String detail, Throwable cause) {
        this(code, true, detail, cause);
    }

    /**
     * Creates the exception.
     *
     * @param code the code
     * @param transientFailure whether a later connection attempt may succeed
     * @param detail what happened
     * @param cause the underlying failure, may be {@code null}
     */
    public ConnectFailedException(String code, boolean transientFailure, String detail, Throwable cause) {
        super(code, transientFailure, Progress.NOT_SENT, detail, cause);
    }
}
