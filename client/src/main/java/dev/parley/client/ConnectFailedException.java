package dev.parley.client;

/**
 * No connection was ready: it could not be opened, the TLS handshake failed, the peer did not greet properly, or the on-connect setup failed. Codes: {@link #CONNECT_REFUSED}, {@link #CONNECT_TIMEOUT}, {@link #CONNECT_FAILED}, {@link #TLS_HANDSHAKE}, {@link #GREETING_TIMEOUT}, {@link #GREETING_MISMATCH}, {@link #SETUP_FAILED}. Always transient; the request was {@link Progress#NOT_SENT}.
 */
public class ConnectFailedException extends ParleyClientException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param code the code
     * @param detail what happened
     * @param cause the underlying failure, may be {@code null}
     */
    public ConnectFailedException(String code, String detail, Throwable cause) {
        super(code, true, Progress.NOT_SENT, detail, cause);
    }
}
