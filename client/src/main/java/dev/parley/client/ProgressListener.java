package dev.parley.client;

/**
 * Reports the bytes of a request's body sent and of its reply's body received, for progress bars. Called on the
 * session's event loop: implementations must be quick and must not block. A retry starts counting again from zero.
 */
public interface ProgressListener {

    /**
     * Called as the request body goes out.
     *
     * @param sent body bytes written so far in this attempt
     * @param total the body length
     */
    default void onBytesSent(long sent, long total) {
    }

    /**
     * Called as the reply body comes in.
     *
     * @param received body bytes received so far in this attempt
     * @param total the announced body length, or {@code -1} when unknown
     */
    default void onBytesReceived(long received, long total) {
    }
}
