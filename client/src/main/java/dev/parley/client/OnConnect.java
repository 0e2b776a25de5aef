package dev.parley.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Re-establishes session state on every new connection (working directory, subscriptions), after the greeting and
 * the auth token and before any queued request is sent. Requests sent through the {@link SessionSetup} go first on
 * the new connection; when the returned stage fails, the connection is closed and re-established after a backoff
 * pause, and queued requests keep waiting within their deadlines.
 */
@FunctionalInterface
public interface OnConnect {

    /**
     * Returns a hook that does nothing.
     *
     * @return the hook
     */
    static OnConnect none() {
        return setup -> CompletableFuture.completedFuture(null);
    }

    /**
     * Sets up a new connection.
     *
     * @param setup sends requests on the new connection, ahead of the queue
     * @return completes when the connection is ready for queued requests
     */
    CompletionStage<?> onConnect(SessionSetup setup);
}
