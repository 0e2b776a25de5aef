package dev.parley.server;

/**
 * A command handler that answers synchronously. Declared non-blocking (the default) it runs on the connection's event
 * loop and must not block; declared {@linkplain Command.Builder#blocking() blocking} it runs on the server's bounded
 * blocking executor, never on an event loop.
 */
@FunctionalInterface
public interface Handler {

    /**
     * Handles one request.
     *
     * @param call the request, its session and its aggregated body, if any
     * @return the reply; {@link Reply#none()} to send nothing
     * @throws Exception any failure; the client gets {@code ERR INTERNAL <id>} and the stack trace is logged under
     *                   that id
     */
    Reply handle(Call call) throws Exception;
}
