package dev.parley.server;

import java.util.concurrent.CompletionStage;

/**
 * A command handler that answers later: it starts the work and returns a stage that completes with the reply. It is
 * called on the connection's event loop and must not block. Replies still go out in request order; a stage that
 * does not complete within the command's time limit is answered {@code ERR TIMEOUT}.
 *
 * <p>The server never completes or cancels the returned stage itself: the request's {@linkplain Call#body() body}
 * stays valid until the stage completes, even after a timeout or a closed connection has answered or dropped its
 * reply, and is released then. A stage that never completes keeps its body.
 */
@FunctionalInterface
public interface AsyncHandler {

    /**
     * Starts handling one request.
     *
     * @param call the request, its session and its aggregated body, if any
     * @return a stage completing with the reply, or exceptionally ({@code ERR INTERNAL <id>})
     * @throws Exception a failure to start; answered {@code ERR INTERNAL <id>}
     */
    CompletionStage<Reply> handle(Call call) throws Exception;
}
