package dev.parley.server;

import dev.parley.codec.text.ErrorCode;
import dev.parley.server.observe.ServerObserver;

import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Calls a server's {@link ServerObserver}, never letting it disturb a session: a failure is logged the first time
 * and ignored after. Exists only when an observer is set, so the unobserved paths check one null.
 */
final class Observing {

    private final ServerObserver observer;
    private final AtomicBoolean failed = new AtomicBoolean();

    private Observing(ServerObserver observer) {
        this.observer = observer;
    }

    /** @return the calls for {@code observer}, or {@code null} for {@link ServerObserver#NONE} */
    static Observing of(ServerObserver observer) {
        return observer == ServerObserver.NONE ? null : new Observing(observer);
    }

    void connectionOpened(Session session) {
        try {
            observer.connectionOpened(session);
        } catch (RuntimeException e) {
            failed("connectionOpened", e);
        }
    }

    void connectionClosed(Session session) {
        try {
            observer.connectionClosed(session);
        } catch (RuntimeException e) {
            failed("connectionClosed", e);
        }
    }

    void connectionRefused(SocketAddress remote, ErrorCode code) {
        try {
            observer.connectionRefused(remote, code);
        } catch (RuntimeException e) {
            failed("connectionRefused", e);
        }
    }

    void requestAnswered(Session session, String verb, Reply reply, long nanos) {
        ErrorCode error = reply.line() == null ? null : reply.line().code();
        try {
            observer.requestAnswered(session, verb, error, nanos);
        } catch (RuntimeException e) {
            failed("requestAnswered", e);
        }
    }

    void requestHeld(Session session) {
        try {
            observer.requestHeld(session);
        } catch (RuntimeException e) {
            failed("requestHeld", e);
        }
    }

    void bytesRead(Session session, long bytes) {
        try {
            observer.bytesRead(session, bytes);
        } catch (RuntimeException e) {
            failed("bytesRead", e);
        }
    }

    void bytesWritten(Session session, long bytes) {
        try {
            observer.bytesWritten(session, bytes);
        } catch (RuntimeException e) {
            failed("bytesWritten", e);
        }
    }

    private void failed(String method, RuntimeException e) {
        if (failed.compareAndSet(false, true)) {
            RunningServer.LOG.warn("PS041 server observer {} failed in {}; its later failures are not logged",
                    observer.getClass().getName(), method, e);
        }
    }
}
