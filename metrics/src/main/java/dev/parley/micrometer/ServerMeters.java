package dev.parley.micrometer;

import dev.parley.codec.text.ErrorCode;
import dev.parley.server.Session;
import dev.parley.server.observe.ServerObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.net.SocketAddress;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** The {@code parley.server.*} meters, fed by the server's observer hooks. */
final class ServerMeters implements ServerObserver {

    private static final String PREFIX = "parley.server";

    private final MeterRegistry registry;
    private final Tags tags;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter opened;
    private final Counter closed;
    private final Counter held;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final RequestMeters requests;

    ServerMeters(MeterRegistry registry, Tags tags, double[] percentiles, boolean histogram) {
        this.registry = registry;
        this.tags = tags;
        Gauge.builder(PREFIX + ".connections", open, AtomicInteger::get)
                .description("connections open now").tags(tags).register(registry);
        this.opened = Counter.builder(PREFIX + ".connections.opened").description("connections admitted")
                .tags(tags).register(registry);
        this.closed = Counter.builder(PREFIX + ".connections.closed").description("admitted connections closed")
                .tags(tags).register(registry);
        this.held = Counter.builder(PREFIX + ".requests.held")
                .description("requests held back until the connection's budgets had room").tags(tags)
                .register(registry);
        this.bytesIn = Counter.builder(PREFIX + ".bytes.in").baseUnit("bytes").description("bytes read")
                .tags(tags).register(registry);
        this.bytesOut = Counter.builder(PREFIX + ".bytes.out").baseUnit("bytes").description("bytes written")
                .tags(tags).register(registry);
        this.requests = new RequestMeters(registry, PREFIX, tags, percentiles, histogram);
    }

    @Override
    public void connectionOpened(Session session) {
        open.incrementAndGet();
        opened.increment();
    }

    @Override
    public void connectionClosed(Session session) {
        open.decrementAndGet();
        closed.increment();
    }

    @Override
    public void connectionRefused(SocketAddress remote, ErrorCode code) {
        rejected("connection", code);
    }

    @Override
    public void requestAnswered(Session session, String verb, ErrorCode error, long nanos) {
        requests.record(verb == null ? ParleyMetrics.OTHER : verb, error == null ? RequestMeters.OK : error.name(),
                nanos);
        if (error == ErrorCode.BUSY || error == ErrorCode.UNAVAILABLE || error == ErrorCode.TOO_LARGE) {
            rejected("request", error);
        }
    }

    @Override
    public void requestHeld(Session session) {
        held.increment();
    }

    @Override
    public void bytesRead(Session session, long bytes) {
        bytesIn.increment(bytes);
    }

    @Override
    public void bytesWritten(Session session, long bytes) {
        bytesOut.increment(bytes);
    }

    /** Rejections are rare: the registry's own lookup is cheap enough for them. */
    private void rejected(String what, ErrorCode code) {
        Counter.builder(PREFIX + ".rejected")
                .description("connections refused and requests turned down unexecuted (busy, over a limit, shutting"
                        + " down), by what and code")
                .tags(tags).tag("what", what).tag("code", code.name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }
}
