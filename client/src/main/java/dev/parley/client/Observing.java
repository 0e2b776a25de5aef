package dev.parley.client;

import dev.parley.client.observe.ClientObserver;

import java.util.concurrent.atomic.AtomicBoolean;

import static dev.parley.client.ParleyClient.LOG;

/**
 * Calls a session's {@link ClientObserver}, never letting it disturb a call: a failure is logged the first time and
 * ignored after. Exists only when an observer is set, so the unobserved paths check one null. Event loop only.
 */
final class Observing {

    private final DefaultSession session;
    private final ClientObserver observer;
    private final AtomicBoolean failed = new AtomicBoolean();

    private Observing(DefaultSession session, ClientObserver observer) {
        this.session = session;
        this.observer = observer;
    }

    /** @return the calls for the session's observer, or {@code null} when it has none */
    static Observing of(DefaultSession session, ClientObserver observer) {
        return observer == ClientObserver.NONE ? null : new Observing(session, observer);
    }

    void connected(int connectionNumber) {
        try {
            observer.connected(session, connectionNumber);
        } catch (RuntimeException e) {
            failed("connected", e);
        }
    }

    void disconnected() {
        try {
            observer.disconnected(session);
        } catch (RuntimeException e) {
            failed("disconnected", e);
        }
    }

    void reconnectScheduled(int attempt) {
        try {
            observer.reconnectScheduled(session, attempt);
        } catch (RuntimeException e) {
            failed("reconnectScheduled", e);
        }
    }

    void retryScheduled(Request request, int attempt) {
        try {
            observer.retryScheduled(session, request, attempt);
        } catch (RuntimeException e) {
            failed("retryScheduled", e);
        }
    }

    void requestCompleted(Request request, Throwable failure, long nanos) {
        try {
            observer.requestCompleted(session, request, failure, nanos);
        } catch (RuntimeException e) {
            failed("requestCompleted", e);
        }
    }

    void bytesRead(long bytes) {
        try {
            observer.bytesRead(session, bytes);
        } catch (RuntimeException e) {
            failed("bytesRead", e);
        }
    }

    void bytesWritten(long bytes) {
        try {
            observer.bytesWritten(session, bytes);
        } catch (RuntimeException e) {
            failed("bytesWritten", e);
        }
    }

    private void failed(String method, RuntimeException e) {
        if (failed.compareAndSet(false, true)) {
            LOG.warn("C171 [{}] client observer {} failed in {}; its later failures are not logged", session.name,
                    observer.getClass().getName(), method, e);
        }
    }
}
