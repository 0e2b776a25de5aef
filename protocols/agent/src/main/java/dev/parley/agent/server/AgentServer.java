package dev.parley.agent.server;

import dev.parley.agent.fs.AgentFiles;
import dev.parley.agent.fs.FileMode;
import dev.parley.agent.fs.ExecPolicy;
import dev.parley.agent.fs.Sandbox;
import dev.parley.agent.fs.SandboxException;
import dev.parley.server.Greeting;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The automation agent's server: serves the agent's commands ({@code ls}, {@code push}, {@code pull}, {@code exec},
 * ...) over the Parley text protocol v1 under the service name {@value #SERVICE}, confined to one root directory.
 * Immutable options with a builder; {@link #start()} binds and returns the running agent.
 * <pre>{@code
 * try (RunningAgent agent = AgentServer.builder()
 *         .root(Path.of("/srv/agent"))
 *         .server(s -> s.port(0).authenticator(Authenticator.sharedToken(token)))
 *         .build()
 *         .start()) {
 *     int port = agent.port();
 *     ...
 * }
 * }</pre>
 * Where it listens, its limits, TLS and authentication are the {@link ServerOptions} every Parley server shares;
 * only the port's default differs ({@value #DEFAULT_PORT}). With an authenticator, clients send {@code auth <token>}
 * before anything but {@code ping}, {@code help} and {@code quit}.
 * File work (disk I/O, hashing, exec) runs on the server's bounded blocking executor, never on an event loop; uploads
 * are streamed to disk with the server's backpressure. See the README's agent section for the verbs.
 */
public final class AgentServer {

    /** The service name in the greeting: {@code HELLO parley/1 agent version=...}. */
    public static final String SERVICE = "agent";
    /** The agent's version, reported by the greeting and {@code info}. */
    public static final String VERSION = "0.1.0";
    /** Default port: {@value}. */
    public static final int DEFAULT_PORT = 7777;

    private final Path root;
    private final ExecPolicy execPolicy;
    private final ServerOptions server;
    private final int modeMask;

    private AgentServer(Builder b, ServerOptions server) {
        this.root = b.root;
        this.execPolicy = b.execPolicy;
        this.server = server;
        this.modeMask = b.modeMask;
    }

    /**
     * Returns a builder with the defaults; the root must be set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding these options.
     *
     * @return a new builder; building it unchanged yields equal options
     */
    public Builder toBuilder() {
        return new Builder().root(root).execPolicy(execPolicy).server(server).modeMask(modeMask);
    }

    /**
     * Resolves and opens the root, removes uploads that an earlier agent left unfinished on it, and binds. Blocks
     * until the socket is bound.
     *
     * @return the running agent; close it to stop
     * @throws IOException if the root does not exist or cannot be resolved
     * @throws IllegalArgumentException if the root is not a directory
     * @throws InterruptedException if interrupted while binding
     * @throws java.io.UncheckedIOException if the address cannot be bound
     */
    public RunningAgent start() throws IOException, InterruptedException {
        Sandbox sandbox = Sandbox.of(root);
        try {
            removeStaleUploads(sandbox);
            AgentRouter router = new AgentRouter(sandbox, execPolicy, modeMask, System.currentTimeMillis());
            ParleyServer server = parleyServer(router);
            return new RunningAgent(server.start(), sandbox);
        } catch (InterruptedException | RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    /**
     * Deletes what an agent that died on this root (killed mid-push, say) left in its staging directory. Cheap: only
     * that directory is read, never the whole root; nothing happens while another agent holds the root's lock.
     */
    private static void removeStaleUploads(Sandbox sandbox) {
        try {
            int removed = new AgentFiles(sandbox).cleanupStaleTemps(Duration.ZERO);
            if (removed > 0) {
                AgentRouter.LOG.info("AG003 removed {} unfinished upload(s) left by an earlier agent", removed);
            }
        } catch (SandboxException e) {
            AgentRouter.LOG.warn("AG004 cannot remove unfinished uploads: {}", e.getMessage(), e.getCause());
        }
    }

    /** Returns the Parley server these options describe, serving {@code router}: what {@link #start()} binds. */
    ParleyServer parleyServer(AgentRouter router) {
        return ParleyServer.builder()
                .server(server)
                .router(router.router())
                .observer(router.counters())
                .greeting(Greeting.parley(SERVICE, Map.of("version", VERSION)))
                .build();
    }

    /** @return the root directory set by {@link Builder#root(Path)}, as configured */
    public Path root() {
        return root;
    }

    /** @return the value set by {@link Builder#execPolicy(ExecPolicy)} */
    public ExecPolicy execPolicy() {
        return execPolicy;
    }

    /** @return the value set by {@link Builder#server(ServerOptions)} */
    public ServerOptions server() {
        return server;
    }

    /** @return {@code server().port()}; 0 for an ephemeral one */
    public int port() {
        return server.port();
    }

    /** @return the value set by {@link Builder#modeMask(int)} */
    public int modeMask() {
        return modeMask;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AgentServer)) {
            return false;
        }
        AgentServer a = (AgentServer) o;
        return root.equals(a.root) && execPolicy.equals(a.execPolicy) && server.equals(a.server)
                && modeMask == a.modeMask;
    }

    @Override
    public int hashCode() {
        return Objects.hash(root, execPolicy, server, modeMask);
    }

    /** @return the options; the authenticator shows only its own {@code toString()}, which hides a token */
    @Override
    public String toString() {
        return "AgentServer{root=" + root + ", exec=" + execPolicy + ", modeMask=" + FileMode.format(modeMask) + ", "
                + server + '}';
    }

    /** Builder for {@link AgentServer}. Not thread-safe. */
    public static final class Builder {
        private Path root;
        private ExecPolicy execPolicy = ExecPolicy.disabled();
        private ServerOptions.Builder server = ServerOptions.builder().port(DEFAULT_PORT);
        private int modeMask = FileMode.DEFAULT_MASK;

        private Builder() {
        }

        /**
         * Sets the root directory: {@code /} for clients, and nothing outside it is reachable. Required, no default.
         *
         * @param root an existing directory (checked by {@link AgentServer#start()})
         * @return this builder
         */
        public Builder root(Path root) {
            this.root = Objects.requireNonNull(root, "root");
            return this;
        }

        /**
         * Sets which programs {@code exec} may run, and its limits. Default: {@link ExecPolicy#disabled()}, exec off.
         *
         * @param execPolicy the policy
         * @return this builder
         */
        public Builder execPolicy(ExecPolicy execPolicy) {
            this.execPolicy = Objects.requireNonNull(execPolicy, "execPolicy");
            return this;
        }

        /**
         * Replaces the server options (bind address, port, limits, TLS, authentication) with {@code server}, whose
         * port is taken as given. Default: {@link ServerOptions#defaults()} on port {@value AgentServer#DEFAULT_PORT}.
         * Plain TCP is what allows zero-copy pulls.
         *
         * @param server the options
         * @return this builder
         */
        public Builder server(ServerOptions server) {
            this.server = Objects.requireNonNull(server, "server").toBuilder();
            return this;
        }

        /**
         * Changes some of the server options set so far and keeps the others:
         * {@code server(s -> s.port(0).limits(l -> l.maxConnections(64)))}.
         *
         * @param change edits a builder holding the current server options
         * @return this builder
         */
        public Builder server(Consumer<ServerOptions.Builder> change) {
            change.accept(server);
            return this;
        }

        /**
         * Sets the permission bits never granted when a client sends a file mode ({@code push mode=},
         * {@code mkdir mode=}, {@code chmod}): the agent applies {@code mode & 0777 & ~modeMask}, plus the owner's
         * read (files) or read, write and search (directories). Setuid, setgid and sticky bits are never applied.
         * Default: {@link FileMode#DEFAULT_MASK} ({@code 022}: nothing the agent creates is writable by group or
         * other); {@code 0} applies the client's bits as they are.
         *
         * @param modeMask 0 to {@code 0777}
         * @return this builder
         */
        public Builder modeMask(int modeMask) {
            if (modeMask < 0 || modeMask > FileMode.PERMISSION_BITS) {
                throw new IllegalArgumentException("modeMask: " + Integer.toOctalString(modeMask)
                        + " (expected: 0 to 0777)");
            }
            this.modeMask = modeMask;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the immutable options
         * @throws IllegalStateException if no root was set
         * @throws IllegalArgumentException if the server options do not build (a client TLS context, say)
         */
        public AgentServer build() {
            if (root == null) {
                throw new IllegalStateException("root: not set (expected: the directory the agent serves)");
            }
            return new AgentServer(this, server.build());
        }
    }
}
