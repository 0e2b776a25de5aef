package dev.parley.client;

/**
 * The request's deadline, or its per-attempt limit, passed before a reply came. Code {@link #TIMEOUT}; transient; the
 * progress tells whether the request may have run.
 */
public class DeadlineExceededException extends ParleyClientException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param progress how far the request got
     * @param detail what happened
     * @param cause the underlying failure, may be {@code null}
     */
    public DeadlineExceededException(Progress progress, String detail, Throwable cause) {
        super(TIMEOUT, true, progress, detail, cause);
    }
}
