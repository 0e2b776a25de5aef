package dev.parley.client.observe;

import dev.parley.client.Request;
import dev.parley.client.Session;

/**
 * What a client session reports about its traffic, for metrics: connections, requests completed (with their
 * outcome and time), retries, reconnects, bytes read and written. Set one with
 * {@code ClientOptions.Builder.observer}; a session measures nothing while none is set ({@link #NONE}).
 *
 * <p>Called on the session's event loop, so it must not block; every method does nothing by default. An exception
 * thrown by a method is logged once per session and otherwise ignored: it never changes a call's result. Setup and
 * keepalive requests are not reported.
 */
public interface ClientObserver {

    /** An observer that does nothing; sessions skip all measuring for it. */
    ClientObserver NONE = new ClientObserver() {
    };

    /**
     * A connection is ready (greeted and set up).
     *
     * @param session the session
     * @param connectionNumber the number of the connection in the session, from 1
     */
    default void connected(Session session, int connectionNumber) {
    }

    /**
     * A ready connection closed.
     *
     * @param session the session
     */
    default void disconnected(Session session) {
    }

    /**
     * A reconnect (or a first connect after a failed one) is scheduled.
     *
     * @param session the session
     * @param attempt the number of failed attempts so far, from 1
     */
    default void reconnectScheduled(Session session, int attempt) {
    }

    /**
     * A failed request will be tried again.
     *
     * @param session the session
     * @param request the request
     * @param attempt the number of the attempt that will follow, from 2
     */
    default void retryScheduled(Session session, Request request, int attempt) {
    }

    /**
     * A request's call ended: with a reply, or with the error its future fails with.
     *
     * @param session the session
     * @param request the request
     * @param failure {@code null} for an {@code OK} reply; else the error, a
     *        {@link dev.parley.client.RemoteErrorException} for an {@code ERR} reply
     * @param nanos from when the request was sent to when its call ended, all attempts included
     */
    default void requestCompleted(Session session, Request request, Throwable failure, long nanos) {
    }

    /**
     * Bytes arrived on a connection (as on the socket: encrypted under TLS).
     *
     * @param session the session
     * @param bytes how many
     */
    default void bytesRead(Session session, long bytes) {
    }

    /**
     * Bytes were handed to a connection's socket for writing (encrypted under TLS).
     *
     * @param session the session
     * @param bytes how many
     */
    default void bytesWritten(Session session, long bytes) {
    }
}
