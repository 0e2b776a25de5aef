package dev.parley.server.observe;

import dev.parley.codec.text.ErrorCode;
import dev.parley.server.Session;

import java.net.SocketAddress;

/**
 * What a server reports about its traffic, for metrics: connections, requests answered (verb, outcome, time),
 * requests held back by a budget, connections refused, bytes read and written. Set one with
 * {@code ParleyServer.Builder.observer}; the server measures nothing while none is set ({@link #NONE}).
 *
 * <p>Called on the session's event loop, so it must not block; every method does nothing by default. An exception
 * thrown by a method is logged once per server and otherwise ignored: it never changes a reply.
 *
 * <p>Verbs are bounded: a {@code verb} is always one the server's router (or a built-in) defines, or {@code null} for
 * a request whose verb it does not know, or that could not be parsed.
 */
public interface ServerObserver {

    /** An observer that does nothing; the server skips all measuring for it. */
    ServerObserver NONE = new ServerObserver() {
    };

    /**
     * A connection was admitted (its session will be greeted).
     *
     * @param session the new session
     */
    default void connectionOpened(Session session) {
    }

    /**
     * An admitted connection closed.
     *
     * @param session the session that ended
     */
    default void connectionClosed(Session session) {
    }

    /**
     * A connection was refused at once with {@code BYE}: too many connections ({@link ErrorCode#BUSY}), or the
     * server is shutting down ({@link ErrorCode#SHUTDOWN}).
     *
     * @param remote the client's address
     * @param code the code of the {@code BYE}
     */
    default void connectionRefused(SocketAddress remote, ErrorCode code) {
    }

    /**
     * A request got its answer (its reply then goes out in request order).
     *
     * @param session the session
     * @param verb the command's verb, or {@code null} for an unknown verb or an unparsable request
     * @param error the code of an {@code ERR} or {@code BYE} answer, or {@code null} for any other answer
     * @param nanos from when the server started on the request to when its answer was known
     */
    default void requestAnswered(Session session, String verb, ErrorCode error, long nanos) {
    }

    /**
     * A request was held back because the connection is at one of its budgets (unanswered or running requests,
     * unsent reply bytes, the blocking executor's reserve); it is handled once the budget has room.
     *
     * @param session the session
     */
    default void requestHeld(Session session) {
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

    /**
     * Returns an observer that calls each of {@code observers} in turn, skipping {@link #NONE}. One that throws ends
     * that event's round: the observers after it miss the event (and the server logs the failure once).
     *
     * @param observers the observers
     * @return the combined observer, {@link #NONE} when none is left, the one when one is left
     */
    static ServerObserver all(ServerObserver... observers) {
        java.util.List<ServerObserver> list = new java.util.ArrayList<>();
        for (ServerObserver o : observers) {
            if (o != NONE) {
                list.add(java.util.Objects.requireNonNull(o, "observer"));
            }
        }
        if (list.isEmpty()) {
            return NONE;
        }
        return list.size() == 1 ? list.get(0) : new AllObservers(list.toArray(new ServerObserver[0]));
    }
}
