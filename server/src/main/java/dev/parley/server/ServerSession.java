package dev.parley.server;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;

import java.net.SocketAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@link Session} of one channel. Counters are written on the event loop only and read anywhere (a read from
 * another thread may be slightly stale).
 */
final class ServerSession implements Session {

    private final Channel channel;
    private final String id;
    private final Instant connectedAt = Instant.now();
    private final boolean authRequired;
    private volatile String principal;
    private volatile int outstanding;
    private long requests;
    private long errors;

    ServerSession(Channel channel, boolean authRequired) {
        this.channel = channel;
        this.id = channel.id().asShortText();
        this.authRequired = authRequired;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public Instant connectedAt() {
        return connectedAt;
    }

    @Override
    public <T> Attribute<T> attr(AttributeKey<T> key) {
        return channel.attr(key);
    }

    @Override
    public Optional<String> principal() {
        return Optional.ofNullable(principal);
    }

    @Override
    public boolean isAuthenticated() {
        return !authRequired || principal != null;
    }

    void authenticated(String principal) {
        this.principal = principal;
    }

    @Override
    public long requests() {
        return requests;
    }

    void requestReceived() {
        requests++;
    }

    @Override
    public long errors() {
        return errors;
    }

    void errorSent() {
        errors++;
    }

    @Override
    public int outstanding() {
        return outstanding;
    }

    void outstanding(int n) {
        outstanding = n;
    }

    @Override
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    @Override
    public void close() {
        channel.eventLoop().execute(() -> channel.flush().close());
    }

    @Override
    public String toString() {
        return "Session(" + id + ' ' + channel.remoteAddress() + ')';
    }
}
