package dev.parley.client;

import dev.parley.client.spi.ClientProtocol;
import dev.parley.codec.pipeline.ParleyPipeline;
import dev.parley.codec.pipeline.Side;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static dev.parley.client.ParleyClient.LOG;

/**
 * The connection life cycle of a session: connect, greeting, authentication and the on-connect hook, keepalive,
 * the stall limit, and reconnects with backoff. Runs on the session's event loop.
 */
final class SessionConnector {

    private final DefaultSession session;
    private final ClientOptions options;
    private Connection current;
    private int connections;
    private int failures;
    /** Connection attempts that failed since the last success, or since waiting requests were last failed. */
    private int failedAttempts;
    private ParleyClientException lastFailure;
    /** The reconnect waiting for its backoff pause, or null. */
    private ScheduledFuture<?> reconnect;

    SessionConnector(DefaultSession session) {
        this.session = session;
        this.options = session.options;
    }

    Connection current() {
        return current;
    }

    void connect() {
        reconnect = null;
        if (session.isClosed()) {
            return;
        }
        ClientProtocol protocol = options.protocol();
        Connection c = new Connection(session, ++connections, protocol.newAssembler(), options.isTls(),
                protocol.bodyTrailer());
        current = c;
        LOG.debug("C102 [{}] connecting to {} (connection #{})", session.name, session.address, c.number);
        ChannelFuture f = session.client.bootstrap.clone(session.loop)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        options.socket().connectTimeout().toMillis()))
                .handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ChannelPipeline p = ch.pipeline();
                if (session.observing != null) {
                    p.addLast(ByteCounter.NAME, new ByteCounter(session.observing));
                }
                SslContext ssl = options.sslContext();
                if (ssl != null) {
                    if (session.address instanceof InetSocketAddress) {
                        InetSocketAddress a = (InetSocketAddress) session.address;
                        p.addLast("parley-tls", ssl.newHandler(ch.alloc(), a.getHostString(), a.getPort()));
                    } else {
                        p.addLast("parley-tls", ssl.newHandler(ch.alloc()));
                    }
                    p.addLast("parley-chunked", new ChunkedWriteHandler());
                }
                ParleyPipeline.install(p, protocol.codec(), Side.CLIENT, options.pipelineOptions());
                p.addLast("parley-client", c);
            }
        }).connect(session.address);
        f.addListener((ChannelFuture done) -> {
            if (!done.isSuccess()) {
                c.connectFailed();
                connectFailed(c, classify(done.cause()));
            }
        });
    }

    private ConnectFailedException classify(Throwable cause) {
        String code = cause instanceof ConnectTimeoutException ? ParleyClientException.CONNECT_TIMEOUT
                : cause instanceof ConnectException ? ParleyClientException.CONNECT_REFUSED
                : ParleyClientException.CONNECT_FAILED;
        return new ConnectFailedException(code, "connect to " + session.address + " failed: "
                + cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
    }

    private void connectFailed(Connection c, ConnectFailedException e) {
        if (c != current) {
            return;
        }
        current = null;
        lastFailure = e;
        LOG.warn("C101 [{}] {}", session.name, e.getMessage());
        attemptFailed(e);
        scheduleReconnect(e);
    }

    private void scheduleReconnect(Throwable cause) {
        if (session.isClosed() || reconnect != null) {
            return;
        }
        failures++;
        // After a refusal for good, a request that came in meanwhile gets its own attempt now, not after the pause.
        long pause = refusedForGood() && session.hasWaiting() ? 0 : options.retries().backoff().pauseNanos(failures);
        LOG.info("C110 [{}] reconnecting to {} in {} ms (attempt {})", session.name, session.address,
                TimeUnit.NANOSECONDS.toMillis(pause), failures + 1);
        int attempt = failures;
        if (session.observing != null) {
            session.observing.reconnectScheduled(attempt);
        }
        session.notifyListener(() -> options.listener().onReconnectScheduled(attempt, Duration.ofNanos(pause), cause));
        reconnect = session.loop.schedule(this::connect, pause, TimeUnit.NANOSECONDS);
    }

    /**
     * Counts a failed connection attempt; when {@link RetryOptions#connectAttempts()} have failed in a row, the
     * requests waiting to be sent fail with this attempt's error instead of waiting for their deadline.
     */
    private void attemptFailed(ConnectFailedException e) {
        if (++failedAttempts >= options.retries().connectAttempts()) {
            LOG.debug("C112 [{}] {} connection attempts failed: failing the waiting requests", session.name,
                    failedAttempts);
            failedAttempts = 0;
            session.failWaiting(e);
        }
    }

    /** @return whether the last attempt was turned down for good (its error is not transient) */
    private boolean refusedForGood() {
        return lastFailure instanceof ConnectFailedException && !lastFailure.isTransient();
    }

    /**
     * A request is waiting to be sent. The session's waiting requests were failed at once when the last attempt
     * was turned down for good ({@link DefaultSession#failWaiting}); a request that comes after that has an attempt
     * of its own at once, instead of waiting out a backoff pause that was meant for a server that may come back.
     */
    void requestWaiting() {
        if (reconnect != null && refusedForGood() && reconnect.cancel(false)) {
            LOG.debug("C111 [{}] a request after a refusal: reconnecting to {} now", session.name, session.address);
            connect();
        }
    }

    void onActive(Connection c) {
        if (options.protocol().greeting().expectsGreeting()) {
            c.greetingStarted(session.now() + options.timeouts().greetingTimeout().toNanos());
        } else {
            setup(c);
        }
    }

    void onGreeting(Connection c, Object msg) {
        try {
            options.protocol().greeting().check(msg);
        } catch (ConnectFailedException e) {
            handshakeFailed(c, e);
            return;
        }
        setup(c);
    }

    void onGreetingError(Connection c, Throwable cause) {
        handshakeFailed(c, new ConnectFailedException(ParleyClientException.GREETING_MISMATCH, false,
                "expected a greeting but got: " + cause.getMessage(), cause));
    }

    /** The TLS handshake failed (or the TLS stream broke): reported once per connection, as a typed error. */
    void onTlsFailure(Connection c, Throwable cause) {
        if (!c.firstTlsFailure()) {
            return;
        }
        String what = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (c.pastGreeting()) {
            LOG.warn("C133 [{}] TLS error on connection #{}: {}", session.name, c.number, what);
            c.close(new ConnectionLostException(Progress.UNKNOWN, "TLS error: " + what, cause));
            return;
        }
        boolean untrusted = certificateRejected(cause);
        handshakeFailed(c, new ConnectFailedException(ParleyClientException.TLS_HANDSHAKE, !untrusted,
                "TLS handshake with " + session.address + " failed: " + what
                        + (untrusted ? " (the certificate is not trusted: trying again will not help)" : ""), cause));
    }

    /** Whether a TLS failure is a verdict on the peer's certificate (or a peer that does not speak TLS at all). */
    private static boolean certificateRejected(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertificateException
                    || t instanceof java.security.cert.CertPathValidatorException
                    || t instanceof java.security.cert.CertPathBuilderException
                    || t instanceof io.netty.handler.ssl.NotSslRecordException) {
                return true;
            }
        }
        return false;
    }

    private void setup(Connection c) {
        c.setupStarted();
        long timeout = options.timeouts().greetingTimeout().toNanos();
        SessionSetup setup = new SessionSetup() {
            @Override
            public CompletableFuture<Reply> send(Request request) {
                return session.sendInternal(c, request, timeout);
            }

            @Override
            public java.net.SocketAddress remoteAddress() {
                return session.address;
            }

            @Override
            public int connectionNumber() {
                return c.number;
            }
        };
        CompletionStage<?> auth = CompletableFuture.completedFuture(null);
        if (options.authToken() != null) {
            LOG.debug("C120 [{}] presenting the auth token (redacted) on connection #{}", session.name, c.number);
            auth = setup.send(options.protocol().authenticate(options.authToken()));
        }
        auth.thenCompose(ignored -> options.onConnect().onConnect(setup))
                .whenComplete((ok, err) -> session.loop.execute(() -> setupDone(c, err)));
    }

    private void setupDone(Connection c, Throwable err) {
        if (c != current || !c.inSetup()) {
            return;
        }
        if (err != null) {
            ParleyClientException cause = Fleet.asClientError(err);
            // A permanent answer to the setup (a wrong token: DENIED) will be the same on the next connection.
            boolean permanent = cause instanceof RemoteErrorException && !cause.isTransient();
            handshakeFailed(c, new ConnectFailedException(ParleyClientException.SETUP_FAILED, !permanent,
                    "on-connect setup failed: " + cause.getMessage(), cause));
            return;
        }
        c.ready();
        failures = 0;
        failedAttempts = 0;
        lastFailure = null;
        LOG.info("C100 [{}] connected to {} (connection #{})", session.name, session.address, c.number);
        if (session.observing != null) {
            session.observing.connected(c.number);
        }
        session.notifyListener(() -> options.listener().onConnected(session.address, c.number));
        session.pump();
    }

    private void handshakeFailed(Connection c, ConnectFailedException e) {
        LOG.warn("C103 [{}] connection #{}: {}", session.name, c.number, e.getMessage());
        lastFailure = e;
        if (!e.isTransient()) {
            failedAttempts = 0;
            session.failWaiting(e);
        } else {
            attemptFailed(e);
        }
        c.close(e);
    }

    void tick(Connection c, long now) {
        if (c.greetingOverdue(now)) {
            handshakeFailed(c, new ConnectFailedException(ParleyClientException.GREETING_TIMEOUT,
                    session.address + " accepted the connection but did not greet within "
                            + options.timeouts().greetingTimeout().toMillis() + " ms", null));
            return;
        }
        if (!c.isReady()) {
            return;
        }
        long abandonedAt = c.inflight.headAbandonedAt();
        if (abandonedAt != 0 && now - abandonedAt >= options.timeouts().stallLimit().toNanos()) {
            LOG.warn("C141 [{}] the reply of timed-out request #{} did not come within the stall limit of {} ms; "
                    + "the stream is no longer trusted, reconnecting", session.name, c.inflight.peekId(),
                    options.timeouts().stallLimit().toMillis());
            c.close(new ConnectionLostException(Progress.UNKNOWN, "stream stalled: a late reply did not come within "
                    + options.timeouts().stallLimit().toMillis() + " ms", null));
            return;
        }
        long idle = options.socket().keepaliveIdle().toNanos();
        Request ping = options.protocol().keepalive();
        if (idle > 0 && ping != null && c.keepaliveDue(now, idle)) {
            long timeout = options.socket().keepaliveTimeout().toNanos();
            LOG.debug("C160 [{}] connection #{} idle; sending keepalive {}", session.name, c.number, ping.verb());
            session.sendInternal(c, ping, timeout).whenComplete((r, err) -> {
                c.keepaliveEnded();
                if (err != null && !c.isClosed()) {
                    LOG.warn("C161 [{}] keepalive got no answer within {} ms on connection #{}; peer presumed "
                            + "dead, reconnecting", session.name, options.socket().keepaliveTimeout().toMillis(),
                            c.number);
                    c.close(new ConnectionLostException(Progress.UNKNOWN, "keepalive: no answer within "
                            + options.socket().keepaliveTimeout().toMillis() + " ms, peer presumed dead", err));
                }
            });
        }
    }

    /**
     * Returns the error of a request whose deadline passed while it waited to be sent: for the first time, or again
     * after attempts that may have run (then the message says so, as its progress does).
     */
    ParleyClientException waitingError(Call call) {
        Duration budget = call.request.timeout() == null ? options.timeouts().requestTimeout() : call.request.timeout();
        String detail = call + ": deadline of " + budget.toMillis() + " ms passed " + (call.attempts == 0
                ? "before it could be sent"
                : "while waiting to be sent again after " + call.attempts + " attempt(s)");
        if (lastFailure != null && (current == null || !current.isReady())) {
            if (call.progress == Progress.NOT_SENT && lastFailure instanceof ConnectFailedException) {
                return new ConnectFailedException(lastFailure.code(), detail + "; last connection attempt: "
                        + lastFailure.getMessage(), lastFailure);
            }
            return new DeadlineExceededException(call.progress, detail + "; last connection attempt: "
                    + lastFailure.getMessage(), lastFailure);
        }
        return new DeadlineExceededException(call.progress, detail, null);
    }

    void onClosed(Connection c, ParleyClientException cause) {
        if (c != current) {
            return;
        }
        current = null;
        if (c.wasEverReady()) {
            LOG.info("C130 [{}] connection #{} lost: {}", session.name, c.number, cause.getMessage());
            if (session.observing != null) {
                session.observing.disconnected();
            }
            session.notifyListener(() -> options.listener().onDisconnected(cause));
        } else if (!(cause instanceof ConnectFailedException)) {
            lastFailure = new ConnectFailedException(ParleyClientException.CONNECT_FAILED,
                    "connection #" + c.number + " closed before it was ready: " + cause.getMessage(), cause);
            LOG.warn("C104 [{}] {}", session.name, lastFailure.getMessage());
        }
        scheduleReconnect(cause);
    }

    void close() {
        Connection c = current;
        current = null;
        if (c != null) {
            c.close(new SessionClosedException(Progress.UNKNOWN, "session closed"));
        }
    }
}
