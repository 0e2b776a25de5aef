package dev.parley.server;

import io.netty.channel.EventLoop;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;

import java.net.SocketAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * One client connection's state, handed to every handler of that connection: identity, typed attributes for
 * session state (a working directory, a selected database), the authenticated principal and counters. Methods may
 * be called from any thread; attributes are thread-safe.
 */
public interface Session {

    /** @return the session id, unique within the JVM and short enough for logs (the channel's short id) */
    String id();

    /** @return the client's address */
    SocketAddress remoteAddress();

    /** @return when the connection was accepted */
    Instant connectedAt();

    /**
     * Returns the attribute for a key, created empty on first use.
     *
     * @param key the key, typically a constant of the protocol ({@code AttributeKey.valueOf("cwd")})
     * @param <T> the value's type
     * @return the attribute, never {@code null}
     */
    <T> Attribute<T> attr(AttributeKey<T> key);

    /** @return the principal set by a successful authentication, or empty */
    Optional<String> principal();

    /** @return whether the session has authenticated, or the server has no authentication */
    boolean isAuthenticated();

    /** @return the number of requests received, malformed ones included */
    long requests();

    /** @return the number of {@code ERR} replies sent */
    long errors();

    /** @return the number of requests received and not yet answered */
    int outstanding();

    /** @return the event loop the connection is served on; non-blocking handlers may schedule work on it */
    EventLoop eventLoop();

    /**
     * Closes the connection after the replies already queued are written.
     */
    void close();
}
