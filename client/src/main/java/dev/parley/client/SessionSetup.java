package dev.parley.client;

import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/** What an {@link OnConnect} hook may do on a new connection. */
public interface SessionSetup {

    /**
     * Sends a request on the new connection, ahead of every queued request. It is not retried; its deadline is the
     * greeting timeout unless the request sets its own.
     *
     * @param request the request
     * @return the reply; an {@code ERR} reply completes it exceptionally with {@link RemoteErrorException}
     */
    CompletableFuture<Reply> send(Request request);

    /** @return the server's address */
    SocketAddress remoteAddress();

    /** @return the number of this connection in the session, from 1 */
    int connectionNumber();
}
