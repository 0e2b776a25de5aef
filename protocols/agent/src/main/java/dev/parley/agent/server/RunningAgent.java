package dev.parley.agent.server;

import dev.parley.agent.fs.Sandbox;
import dev.parley.server.RunningServer;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A started {@link AgentServer}: the bound address and the way to stop it. Thread-safe.
 */
public final class RunningAgent implements AutoCloseable {

    private final RunningServer server;
    private final Sandbox sandbox;
    private final Path root;

    RunningAgent(RunningServer server, Sandbox sandbox) {
        this.server = server;
        this.sandbox = sandbox;
        this.root = sandbox.root();
        AgentRouter.LOG.info("AG001 agent serving on {} ({} connections max)", server.localAddress(),
                server.options().limits().maxConnections());
    }

    /** @return the bound port (the chosen one when the options said 0) */
    public int port() {
        return server.port();
    }

    /** @return the bound address */
    public InetSocketAddress localAddress() {
        return server.localAddress();
    }

    /** @return the real host path of the root directory */
    public Path root() {
        return root;
    }

    /** @return the number of open client sessions */
    public int sessionCount() {
        return server.sessionCount();
    }

    /** @return the underlying Parley server */
    public RunningServer server() {
        return server;
    }

    /**
     * Stops gracefully: running requests finish, uploads in progress are aborted (their temporary files deleted)
     * when their connection closes.
     *
     * @param deadline how long to wait for sessions to finish
     * @return {@code true} if every session ended before the deadline
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean shutdownGracefully(Duration deadline) throws InterruptedException {
        try {
            return server.shutdownGracefully(deadline);
        } finally {
            sandbox.close();
        }
    }

    /** Stops gracefully with a deadline of {@link RunningServer#CLOSE_DEADLINE}, then releases the root. Idempotent. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            sandbox.close();
        }
    }

    @Override
    public String toString() {
        return "RunningAgent{" + localAddress() + '}';
    }
}
