package dev.parley.micrometer;

import dev.parley.client.ParleyClientException;
import dev.parley.client.RemoteErrorException;
import dev.parley.client.Request;
import dev.parley.client.Session;
import dev.parley.client.observe.ClientObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The {@code parley.client.*} meters, fed by the client sessions' observer hooks. */
final class ClientMeters implements ClientObserver {

    private static final String PREFIX = "parley.client";

    private final MeterRegistry registry;
    private final Tags tags;
    private final BoundedTags verbs;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter opened;
    private final Counter closed;
    private final Counter reconnects;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final ConcurrentHashMap<String, Counter> retries = new ConcurrentHashMap<>();
    private final RequestMeters requests;

    ClientMeters(MeterRegistry registry, Tags tags, BoundedTags verbs, double[] percentiles, boolean histogram) {
        this.registry = registry;
        this.tags = tags;
        this.verbs = verbs;
        Gauge.builder(PREFIX + ".connections", open, AtomicInteger::get)
                .description("ready connections now").tags(tags).register(registry);
        this.opened = Counter.builder(PREFIX + ".connections.opened").description("connections made ready")
                .tags(tags).register(registry);
        this.closed = Counter.builder(PREFIX + ".connections.closed").description("ready connections lost or closed")
                .tags(tags).register(registry);
        this.reconnects = Counter.builder(PREFIX + ".reconnects")
                .description("reconnects scheduled after a lost connection or a failed attempt").tags(tags)
                .register(registry);
        this.bytesIn = Counter.builder(PREFIX + ".bytes.in").baseUnit("bytes").description("bytes read")
                .tags(tags).register(registry);
        this.bytesOut = Counter.builder(PREFIX + ".bytes.out").baseUnit("bytes").description("bytes written")
                .tags(tags).register(registry);
        this.requests = new RequestMeters(registry, PREFIX, tags, percentiles, histogram);
    }

    @Override
    public void connected(Session session, int connectionNumber) {
        open.incrementAndGet();
        opened.increment();
    }

    @Override
    public void disconnected(Session session) {
        open.decrementAndGet();
        closed.increment();
    }

    @Override
    public void reconnectScheduled(Session session, int attempt) {
        reconnects.increment();
    }

    @Override
    public void retryScheduled(Session session, Request request, int attempt) {
        String verb = verbs.of(request.verb());
        Counter c = retries.get(verb);
        if (c == null) {
            c = retries.computeIfAbsent(verb, v -> Counter.builder(PREFIX + ".retries")
                    .description("requests tried again, by verb").tags(tags).tag("verb", v).register(registry));
        }
        c.increment();
    }

    @Override
    public void requestCompleted(Session session, Request request, Throwable failure, long nanos) {
        requests.record(verbs.of(request.verb()), outcome(failure), nanos);
    }

    @Override
    public void bytesRead(Session session, long bytes) {
        bytesIn.increment(bytes);
    }

    @Override
    public void bytesWritten(Session session, long bytes) {
        bytesOut.increment(bytes);
    }

    private static String outcome(Throwable failure) {
        if (failure == null) {
            return RequestMeters.OK;
        }
        if (failure instanceof RemoteErrorException) {
            return ((RemoteErrorException) failure).errorCode().name();
        }
        if (failure instanceof ParleyClientException) {
            return ((ParleyClientException) failure).code();
        }
        return ParleyMetrics.OTHER;
    }
}
