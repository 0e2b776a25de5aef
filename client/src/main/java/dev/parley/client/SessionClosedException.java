package dev.parley.client;

/**
 * The session was closed before the request completed. Code {@link #CLOSED}; not transient.
 */
public class SessionClosedException extends ParleyClientException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param progress how far the request got
     * @param detail what happened
     */
    public SessionClosedException(Progress progress, String detail) {
        super(CLOSED, false, progress, detail, null);
    }
}
