package dev.parley.server;

/**
 * Lifecycle hooks of sessions, called on the session's event loop. Every method defaults to doing nothing; an
 * exception thrown by a hook is logged and otherwise ignored.
 */
public interface SessionListener {

    /** A listener that does nothing. */
    SessionListener NONE = new SessionListener() {
    };

    /**
     * A connection was accepted and its session created, before the greeting is written.
     *
     * @param session the new session
     */
    default void onConnected(Session session) {
    }

    /**
     * The session authenticated.
     *
     * @param session the session; {@link Session#principal()} is set
     */
    default void onAuthenticated(Session session) {
    }

    /**
     * The connection closed.
     *
     * @param session the session that ended
     */
    default void onDisconnected(Session session) {
    }
}
