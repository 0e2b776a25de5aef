package dev.parley.agent.server;

import dev.parley.codec.text.ErrorCode;
import dev.parley.server.Session;
import dev.parley.server.observe.ServerObserver;

import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's traffic counters, fed by the server's observer hooks and reported by {@code info}: requests and error
 * answers, connections open now and since start-up, refused connections, held-back requests, bytes in and out.
 */
final class AgentCounters implements ServerObserver {

    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder opened = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder held = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();

    @Override
    public void connectionOpened(Session session) {
        open.incrementAndGet();
        opened.increment();
    }

    @Override
    public void connectionClosed(Session session) {
        open.decrementAndGet();
    }

    @Override
    public void connectionRefused(SocketAddress remote, ErrorCode code) {
        refused.increment();
    }

    @Override
    public void requestAnswered(Session session, String verb, ErrorCode error, long nanos) {
        requests.increment();
        if (error != null) {
            errors.increment();
        }
    }

    @Override
    public void requestHeld(Session session) {
        held.increment();
    }

    @Override
    public void bytesRead(Session session, long bytes) {
        bytesIn.add(bytes);
    }

    @Override
    public void bytesWritten(Session session, long bytes) {
        bytesOut.add(bytes);
    }

    /** Adds the counters to {@code info}'s keys, in a fixed order. */
    void report(Map<String, String> into) {
        into.put("requests", Long.toString(requests.sum()));
        into.put("errors", Long.toString(errors.sum()));
        into.put("connections", Integer.toString(open.get()));
        into.put("connections_total", Long.toString(opened.sum()));
        into.put("connections_refused", Long.toString(refused.sum()));
        into.put("requests_held", Long.toString(held.sum()));
        into.put("bytes_in", Long.toString(bytesIn.sum()));
        into.put("bytes_out", Long.toString(bytesOut.sum()));
    }
}
