package dev.parley.cli;

import dev.parley.client.ClientOptions;
import dev.parley.client.RetryPolicy;
import dev.parley.client.SocketOptions;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import javax.net.ssl.SSLException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The flags every client subcommand shares: the deadline of the whole call, retries, token, TLS and verbosity.
 */
public final class ClientFlags {

    /** Default deadline of one call, retries included. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Default number of retries after the first attempt. */
    public static final int DEFAULT_RETRIES = RetryPolicy.DEFAULT_MAX_ATTEMPTS - 1;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--timeout", paramLabel = "DUR", converter = DurationConverter.class, defaultValue = "30s",
            description = "Deadline of the whole call, retries and reconnects included (e.g. 500ms, 5s). "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration timeout = DEFAULT_TIMEOUT;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
            description = "Retries after the first attempt, for requests that are safe to repeat, and connection "
                    + "attempts after the first (nothing listening: exit 69 after N+1 refusals). "
                    + "Default: ${DEFAULT-VALUE}.")
    int retries = DEFAULT_RETRIES;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File whose first line is the agent's token (sent with 'auth' on every connection).")
    Path tokenFile;

    @Option(names = "--tls", description = "Connect with TLS.")
    boolean tls;

    @Option(names = "--insecure", description = "With --tls: trust any certificate (for self-signed agents).")
    boolean insecure;

    /**
     * Returns client options built from the flags.
     *
     * @return the options
     * @throws ParameterException if a flag's value is unusable (unreadable token file, bad retries)
     */
    public ClientOptions options() {
        if (retries < 0) {
            throw new ParameterException(spec.commandLine(), "--retries: " + retries + " (expected: >= 0)");
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--timeout: must be positive");
        }
        if (insecure && !tls) {
            throw new ParameterException(spec.commandLine(), "--insecure only makes sense with --tls");
        }
        Duration connect = timeout.compareTo(SocketOptions.DEFAULT_CONNECT_TIMEOUT) < 0
                ? timeout : SocketOptions.DEFAULT_CONNECT_TIMEOUT;
        ClientOptions.Builder b = ClientOptions.builder()
                .socket(s -> s.connectTimeout(connect))
                .timeouts(t -> t.requestTimeout(timeout).greetingTimeout(connect))
                .retries(r -> r.policy(RetryPolicy.idempotentOnly().withMaxAttempts(retries + 1))
                        .connectAttempts(retries + 1));
        if (tokenFile != null) {
            b.authToken(TokenFile.read(spec.commandLine(), tokenFile));
        }
        if (tls) {
            b.sslContext(sslContext());
        }
        return b.build();
    }

    private SslContext sslContext() {
        try {
            SslContextBuilder b = SslContextBuilder.forClient();
            if (insecure) {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE);
            }
            return b.build();
        } catch (SSLException e) {
            throw new IllegalStateException("TLS set-up failed: " + e.getMessage(), e);
        }
    }
}
