package dev.parley.client;

import java.net.SocketAddress;
import java.time.Duration;

/**
 * Observes a session's connection life cycle and retries, for metrics and tests. Called on the session's event
 * loop; must not block. Every method does nothing by default.
 */
public interface SessionListener {

    /** A listener that does nothing. */
    SessionListener NONE = new SessionListener() {
    };

    /**
     * A connection is ready (greeted and set up).
     *
     * @param remote the server's address
     * @param connectionNumber the number of the connection in the session, from 1
     */
    default void onConnected(SocketAddress remote, int connectionNumber) {
    }

    /**
     * A ready connection closed.
     *
     * @param cause why, a {@link ParleyClientException}
     */
    default void onDisconnected(ParleyClientException cause) {
    }

    /**
     * A (re)connect attempt will start after a pause.
     *
     * @param attempt the number of the failed attempts so far, from 1
     * @param pause the pause
     * @param cause the failure being followed up
     */
    default void onReconnectScheduled(int attempt, Duration pause, Throwable cause) {
    }

    /**
     * A request will be tried again after a pause.
     *
     * @param request the request
     * @param attempt the number of the attempt that will follow, from 2
     * @param pause the pause
     * @param cause why the previous attempt failed
     */
    default void onRetryScheduled(Request request, int attempt, Duration pause, ParleyClientException cause) {
    }
}
