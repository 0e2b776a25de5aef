package dev.parley.testkit.server;

/**
 * Starts a server for {@link ParleyExtension}: typically
 * {@code () -> SomeServer.builder().server(s -> s.port(0)).build().start()}. It is called once per class or once per
 * test method, and the handle it returns is closed afterwards.
 *
 * @param <T> the running server's handle
 */
@FunctionalInterface
public interface ServerFactory<T extends AutoCloseable> {

    /**
     * Starts the server.
     *
     * @return its running handle, listening when returned
     * @throws Exception if it cannot start
     */
    T start() throws Exception;
}
