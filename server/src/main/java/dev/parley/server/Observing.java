package dev.parley.server;

import dev.parley.codec.spi.Failure;
import dev.parley.codec.text.ErrorCode;
import dev.parley.codec.text.ParleyFailures;
import dev.parley.codec.text.ParleyReply;
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

    void connectionRefused(SocketAddress remote, Failure failure) {
        try {
            observer.connectionRefused(remote, ParleyFailures.code(failure, true));
        } catch (RuntimeException e) {
            failed("connectionRefused", e);
        }
    }

    void requestAnswered(Session session, String verb, Reply reply, long nanos) {
        ErrorCode error = errorCode(reply);
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

    /**
     * The code the observer interface reports an answer by: a Parley reply's own, the nearest one for the core's
     * failures in another protocol's words, {@code FAILED} for another protocol's error reply, else none.
     */
    private static ErrorCode errorCode(Reply reply) {
        Object m = reply.message();
        if (m instanceof ParleyReply) {
            return ((ParleyReply) m).code();
        }
        if (reply.failure() != null) {
            return ParleyFailures.code(reply.failure(), reply.closesConnection());
        }
        return reply.isError() ? ErrorCode.FAILED : null;
    }
}
