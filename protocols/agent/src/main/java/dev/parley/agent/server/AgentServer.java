package dev.parley.agent.server;

import dev.parley.agent.fs.AgentFiles;
import dev.parley.agent.fs.FileMode;
import dev.parley.agent.fs.ExecPolicy;
import dev.parley.agent.fs.Sandbox;
import dev.parley.agent.fs.SandboxException;
import dev.parley.server.Authenticator;
import dev.parley.server.Greeting;
import dev.parley.server.Limits;
import dev.parley.server.ParleyServer;
import io.netty.handler.ssl.SslContext;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The automation agent's server: serves the agent's commands ({@code ls}, {@code push}, {@code pull}, {@code exec},
 * ...) over the Parley text protocol v1 under the service name {@value #SERVICE}, confined to one root directory.
 * Immutable options with a builder; {@link #start()} binds and returns the running agent.
 * <pre>{@code
 * try (RunningAgent agent = AgentServer.builder()
 *         .root(Path.of("/srv/agent"))
 *         .port(0)
 *         .build()
 *         .start()) {
 *     int port = agent.port();
 *     ...
 * }
 * }</pre>
 * File work (disk I/O, hashing, exec) runs on the server's bounded blocking executor, never on an event loop; uploads
 * are streamed to disk with the server's backpressure. See the README's agent section for the verbs.
 */
public final class AgentServer {

    /** The service name in the greeting: {@code HELLO parley/1 agent version=...}. */
    public static final String SERVICE = "agent";
    /** The agent's version, reported by the greeting and {@code info}. */
    public static final String VERSION = "0.1.0";
    /** Default bind address: loopback only; binding wider is an explicit choice. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    /** Default port: 7777. */
    public static final int DEFAULT_PORT = 7777;
    /** Default idle timeout: {@link Limits#DEFAULT_IDLE_TIMEOUT}. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Limits.DEFAULT_IDLE_TIMEOUT;
    /** Default maximum number of connections: {@link Limits#DEFAULT_MAX_CONNECTIONS}. */
    public static final int DEFAULT_MAX_CONNECTIONS = Limits.DEFAULT_MAX_CONNECTIONS;

    private final Path root;
    private final ExecPolicy execPolicy;
    private final String token;
    private final SslContext tls;
    private final String bindAddress;
    private final int port;
    private final Duration idleTimeout;
    private final int maxConnections;
    private final int modeMask;

    private AgentServer(Builder b) {
        this.root = b.root;
        this.execPolicy = b.execPolicy;
        this.token = b.token;
        this.tls = b.tls;
        this.bindAddress = b.bindAddress;
        this.port = b.port;
        this.idleTimeout = b.idleTimeout;
        this.maxConnections = b.maxConnections;
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
        return new Builder().root(root).execPolicy(execPolicy).token(token).tls(tls).bindAddress(bindAddress)
                .port(port).idleTimeout(idleTimeout).maxConnections(maxConnections).modeMask(modeMask);
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
                .bindAddress(bindAddress)
                .port(port)
                .router(router.router())
                .observer(router.counters())
                .greeting(Greeting.parley(SERVICE, Map.of("version", VERSION)))
                .limits(Limits.builder().idleTimeout(idleTimeout).maxConnections(maxConnections).build())
                .tls(tls)
                .authenticator(token == null ? null : Authenticator.sharedToken(token))
                .build();
    }

    /** @return the root directory, as configured */
    public Path root() {
        return root;
    }

    /** @return the exec policy */
    public ExecPolicy execPolicy() {
        return execPolicy;
    }

    /** @return whether clients must authenticate with a token ({@code auth <token>}) */
    public boolean requiresToken() {
        return token != null;
    }

    /** @return the server-side TLS context, or {@code null} for plain TCP */
    public SslContext tls() {
        return tls;
    }

    /** @return the address to bind */
    public String bindAddress() {
        return bindAddress;
    }

    /** @return the port; 0 for an ephemeral one */
    public int port() {
        return port;
    }

    /** @return how long a connection may go without a complete request; zero for no limit */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** @return the most concurrent connections */
    public int maxConnections() {
        return maxConnections;
    }

    /** @return the permission bits never granted when a client sends a mode (push, mkdir, chmod) */
    public int modeMask() {
        return modeMask;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AgentServer)) {
            return false;
        }
        AgentServer a = (AgentServer) o;
        return root.equals(a.root) && execPolicy.equals(a.execPolicy) && Objects.equals(token, a.token)
                && Objects.equals(tls, a.tls) && bindAddress.equals(a.bindAddress) && port == a.port
                && idleTimeout.equals(a.idleTimeout) && maxConnections == a.maxConnections
                && modeMask == a.modeMask;
    }

    @Override
    public int hashCode() {
        return Objects.hash(root, execPolicy, bindAddress, port, idleTimeout, maxConnections, modeMask);
    }

    /** @return the options, with the token hidden */
    @Override
    public String toString() {
        return "AgentServer{root=" + root + ", " + bindAddress + ':' + port + ", exec=" + execPolicy
                + (token != null ? ", token=****" : "") + (tls != null ? ", tls" : "") + ", idle=" + idleTimeout
                + ", maxConnections=" + maxConnections + ", modeMask=" + FileMode.format(modeMask) + '}';
    }

    /** Builder for {@link AgentServer}. Not thread-safe. */
    public static final class Builder {
        private Path root;
        private ExecPolicy execPolicy = ExecPolicy.disabled();
        private String token;
        private SslContext tls;
        private String bindAddress = DEFAULT_BIND_ADDRESS;
        private int port = DEFAULT_PORT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
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
         * Requires clients to send {@code auth <token>} before anything but {@code ping}, {@code help} and
         * {@code quit}. Default: {@code null}, no authentication. The token is never logged.
         *
         * @param token the shared secret, or {@code null} for none
         * @return this builder
         * @throws IllegalArgumentException if the token is empty
         */
        public Builder token(String token) {
            if (token != null && token.isEmpty()) {
                throw new IllegalArgumentException("token: empty (expected: a non-empty secret, or null for none)");
            }
            this.token = token;
            return this;
        }

        /**
         * Turns on TLS. Default: {@code null}, plain TCP (and zero-copy pulls). See
         * {@link dev.parley.server.ServerTls} for factories.
         *
         * @param tls a server-side context, or {@code null}
         * @return this builder
         */
        public Builder tls(SslContext tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Sets the address to bind. Default: {@value AgentServer#DEFAULT_BIND_ADDRESS}.
         *
         * @param bindAddress a host name or literal address
         * @return this builder
         */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        /**
         * Sets the port. Default: {@value AgentServer#DEFAULT_PORT}; 0 picks an ephemeral port.
         *
         * @param port 0 to 65535
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
            }
            this.port = port;
            return this;
        }

        /**
         * Sets how long a connection may go without a complete request before {@code BYE IDLE}. Default:
         * {@link AgentServer#DEFAULT_IDLE_TIMEOUT} (5 minutes); zero turns it off.
         *
         * @param idleTimeout a duration {@code >= 0}
         * @return this builder
         */
        public Builder idleTimeout(Duration idleTimeout) {
            if (Objects.requireNonNull(idleTimeout, "idleTimeout").isNegative()) {
                throw new IllegalArgumentException("idleTimeout: " + idleTimeout + " (expected: >= 0)");
            }
            this.idleTimeout = idleTimeout;
            return this;
        }

        /**
         * Sets the most concurrent connections; one more is answered {@code BYE BUSY}. Default:
         * {@link AgentServer#DEFAULT_MAX_CONNECTIONS} (1024).
         *
         * @param maxConnections {@code >= 1}
         * @return this builder
         */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: >= 1)");
            }
            this.maxConnections = maxConnections;
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
         * @throws IllegalArgumentException if the TLS context is a client context
         */
        public AgentServer build() {
            if (root == null) {
                throw new IllegalStateException("root: not set (expected: the directory the agent serves)");
            }
            if (tls != null && tls.isClient()) {
                throw new IllegalArgumentException("tls: a client context (expected: a server context)");
            }
            return new AgentServer(this);
        }
    }
}
