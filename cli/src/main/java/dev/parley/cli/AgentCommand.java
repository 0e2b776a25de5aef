package dev.parley.cli;

import dev.parley.agent.fs.ExecPolicy;
import dev.parley.agent.server.AgentServer;
import dev.parley.agent.server.RunningAgent;
import dev.parley.server.Authenticator;
import dev.parley.server.Limits;
import dev.parley.server.ServerOptions;
import dev.parley.server.ServerTls;
import io.netty.handler.ssl.SslContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code parley agent}: serves a sandboxed directory over the Parley text protocol until SIGINT or SIGTERM.
 */
@Command(name = "agent", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Run the automation agent: serves a sandboxed directory on 127.0.0.1:7777 by default.",
                "Prints one line when ready; stops gracefully on Ctrl-C (SIGINT) or SIGTERM."})
final class AgentCommand implements Callable<Integer> {

    /** How long a graceful stop may take before connections are closed. */
    static final Duration SHUTDOWN_DEADLINE = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Mixin
    Verbosity verbosity;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = ServerOptions.DEFAULT_BIND_ADDRESS,
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only); "
                    + "0.0.0.0 serves every interface.")
    String bind;

    @Option(names = "--port", paramLabel = "N", defaultValue = "7777",
            description = "Port to listen on; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--root", paramLabel = "DIR",
            description = "Directory to serve (created if absent). Default: ~/.local/share/parley/agent-root.")
    Path root;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Require 'auth <token>' first; the token is the file's first line.")
    Path tokenFile;

    @ArgGroup(exclusive = true)
    Tls tls;

    static final class Tls {
        @Option(names = "--tls-self-signed", description = "Serve TLS with a certificate generated at start.")
        boolean selfSigned;

        @ArgGroup(exclusive = false)
        PemFiles files;
    }

    static final class PemFiles {
        @Option(names = "--tls-cert", paramLabel = "FILE", required = true, description = "PEM certificate chain.")
        Path cert;

        @Option(names = "--tls-key", paramLabel = "FILE", required = true, description = "PEM private key (PKCS#8).")
        Path key;
    }

    @Option(names = "--allow-exec", paramLabel = "PROG", split = ",",
            description = "Programs 'exec' may run (comma-separated names). Default: exec is off.")
    List<String> allowExec = List.of();

    @Option(names = "--exec-timeout", paramLabel = "DUR", converter = DurationConverter.class,
            description = "With --allow-exec: stop a program that runs longer (its reply says timed-out). "
                    + "Default: 30s.")
    Duration execTimeout = ExecPolicy.DEFAULT_TIME_LIMIT;

    @Option(names = "--exec-output-limit", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "With --allow-exec: keep at most this much of a program's output (its reply says "
                    + "truncated), e.g. 64k, 4m. Default: 1m.")
    long execOutputLimit = ExecPolicy.DEFAULT_OUTPUT_CAP;

    @Option(names = "--idle-timeout", paramLabel = "DUR", converter = DurationConverter.class,
            description = "Close sessions without a complete request for this long. Default: 5m.")
    Duration idleTimeout = Limits.DEFAULT_IDLE_TIMEOUT;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Most sessions at once; one more is told BYE BUSY. Default: 1024.")
    int maxConnections = Limits.DEFAULT_MAX_CONNECTIONS;

    @Option(names = "--mode-mask", paramLabel = "OCTAL",
            description = "Permission bits never given to pushed files and directories, whatever mode a client "
                    + "sends (setuid, setgid and sticky never are). Default: 022 (no write for group and other); "
                    + "000 keeps the client's bits.")
    String modeMask = "022";

    private int modeMask() {
        if (!modeMask.matches("[0-7]{1,4}") || Integer.parseInt(modeMask, 8) > 0777) {
            throw new ParameterException(spec.commandLine(), "--mode-mask: " + modeMask
                    + " (expected: octal 000 to 777)");
        }
        return Integer.parseInt(modeMask, 8);
    }

    private ExecPolicy execPolicy() {
        if (execTimeout.isZero() || execTimeout.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--exec-timeout: " + execTimeout + " (expected: > 0)");
        }
        if (execOutputLimit > Integer.MAX_VALUE - 8) {
            throw new ParameterException(spec.commandLine(), "--exec-output-limit: " + execOutputLimit
                    + " (expected: < 2g)");
        }
        if (allowExec.isEmpty()) {
            return ExecPolicy.disabled();
        }
        return ExecPolicy.builder().allow(allowExec.toArray(new String[0])).timeLimit(execTimeout)
                .outputCap((int) execOutputLimit).build();
    }

    @Override
    public Integer call() throws Exception {
        verbosity.apply();
        Path dir = root != null ? root : defaultRoot();
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--root " + dir + ": cannot create it ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        String token = tokenFile != null ? TokenFile.read(spec.commandLine(), tokenFile) : null;
        SslContext ssl = sslContext();
        AgentServer server;
        try {
            server = AgentServer.builder()
                    .root(dir)
                    .execPolicy(execPolicy())
                    .modeMask(modeMask())
                    .server(s -> s.bindAddress(bind).port(port).tls(ssl)
                            .authenticator(token != null ? Authenticator.sharedToken(token) : null)
                            .limits(l -> l.idleTimeout(idleTimeout).maxConnections(maxConnections)))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        RunningAgent running;
        try {
            running = server.start();
        } catch (IOException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("parley: cannot listen on " + bind + ":" + port + ": " + e.getMessage());
            err.flush();
            return ExitStatus.UNAVAILABLE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                System.err.println("stopping: finishing requests in flight (at most "
                        + SHUTDOWN_DEADLINE.toSeconds() + " s)");
                boolean clean = running.shutdownGracefully(SHUTDOWN_DEADLINE);
                System.err.println(clean ? "stopped" : "stopped (sessions still busy at the deadline were closed)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped.countDown();
            }
        }, "parley-agent-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        warnIfExposed(running, ssl != null);
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        out.println("listening on " + hostForDisplay(running) + ":" + running.port() + " root=" + running.root()
                + (ssl != null ? " tls" : "") + (tokenFile != null ? " auth=token" : "")
                + (allowExec.isEmpty() ? "" : " exec=" + String.join(",", allowExec)));
        stopped.await();
        return ExitStatus.OK;
    }

    /**
     * Says on stderr, before the ready line, what an agent reachable from other hosts exposes: without a token anyone
     * who reaches the port can read and write the root; without TLS the token and the files cross the network in the
     * clear. Loopback-only agents print nothing.
     */
    private void warnIfExposed(RunningAgent running, boolean tls) {
        if (running.localAddress().getAddress().isLoopbackAddress()) {
            return;
        }
        PrintWriter err = spec.commandLine().getErr();
        if (tokenFile == null) {
            err.println("parley: warning: listening on " + bind + " without --token-file: anyone"
                    + " who can reach port " + running.port() + " can read and write " + running.root());
        }
        if (!tls) {
            err.println("parley: warning: listening on " + bind + " without TLS: requests, files"
                    + (tokenFile != null ? " and the token" : "") + " cross the network unencrypted");
        }
        err.flush();
    }

    private String hostForDisplay(RunningAgent running) {
        String host = running.localAddress().getAddress().getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }

    static Path defaultRoot() {
        String data = System.getenv("XDG_DATA_HOME");
        Path base = data != null && !data.isBlank() ? Path.of(data)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("parley").resolve("agent-root");
    }

    private SslContext sslContext() throws IOException {
        if (tls == null) {
            return null;
        }
        if (tls.selfSigned) {
            return ServerTls.selfSigned();
        }
        return ServerTls.fromPem(tls.files.cert.toFile(), tls.files.key.toFile());
    }
}
