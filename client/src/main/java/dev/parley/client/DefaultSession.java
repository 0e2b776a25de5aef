package dev.parley.client;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import io.netty.util.internal.PlatformDependent;

import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static dev.parley.client.ParleyClient.LOG;

/**
 * The session's request queue: it takes requests from any thread, writes them on the ready connection up to the
 * pipelining depth, and ends the ones whose deadline passes while they wait. What replies and failures do to a call
 * is decided by {@link ReplyDispatch} and {@link Retries}; the connection life cycle by {@link SessionConnector}.
 * Everything but {@link #send} runs on the session's one event loop, so no state is shared between threads.
 * Deadlines are enforced by one periodic sweep per session ({@link TimeoutOptions#deadlineResolution()}), never by a
 * timer per request; requests submitted from any thread are handed over in batches and flushed once per batch.
 */
final class DefaultSession implements Session {

    final ParleyClient client;
    final String name;
    final EventLoop loop;
    /** The session's clock: its event loop's, so that a test can freeze and advance it. */
    final Ticker ticker;
    final SocketAddress address;
    final ClientOptions options;
    final SessionConnector connector;
    final Retries retries;
    final ReplyDispatch replies;
    /** The calls to the session's observer, or null when it has none (nothing is measured then). */
    final Observing observing;

    private final Queue<Call> submitted = PlatformDependent.newMpscQueue();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong ids = new AtomicLong();
    private final Runnable drainTask = this::drain;
    private final ArrayDeque<Call> pending = new ArrayDeque<>();
    private final long requestTimeoutNanos;
    private volatile boolean closed;
    private ScheduledFuture<?> sweep;
    private long nextPendingCheck = Long.MAX_VALUE;
    /** Set while a connection reads: its {@code channelReadComplete} pumps, so a send from a callback needs no task. */
    private boolean pumpFollows;

    DefaultSession(ParleyClient client, String id, EventLoop loop, Class<? extends Channel> channelType,
                   SocketAddress address, ClientOptions options) {
        this.client = client;
        this.name = id + '@' + address;
        this.loop = loop;
        this.ticker = loop.ticker();
        this.address = address;
        this.options = options;
        this.requestTimeoutNanos = options.timeouts().requestTimeout().toNanos();
        this.observing = Observing.of(this, options.observer());
        this.retries = new Retries(this);
        this.replies = new ReplyDispatch(this, retries);
        this.connector = new SessionConnector(this, channelType);
    }

    void start() {
        loop.execute(() -> {
            long period = options.timeouts().deadlineResolution().toNanos();
            sweep = loop.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
            connector.connect();
        });
    }

    /** @return the session's clock now, in nanoseconds: every deadline, pause and idle time is measured on it */
    long now() {
        return ticker.nanoTime();
    }

    ClientProtocol protocol() {
        return options.protocol();
    }

    @Override
    public CompletableFuture<Reply> send(Request request) {
        return send(request, null);
    }

    @Override
    public CompletableFuture<Reply> send(Request request, BodySink sink) {
        long timeout = request.timeout() == null ? requestTimeoutNanos : request.timeout().toNanos();
        Call call = new Call(ids.incrementAndGet(), request, sink, now() + timeout, false);
        call.maxAggregated = options.maxAggregatedBody();
        if (closed) {
            call.future.completeExceptionally(new SessionClosedException(Progress.NOT_SENT, call + ": session "
                    + name + " is closed"));
            return call.future;
        }
        if (loop.inEventLoop()) {
            // Sent from a callback on the session's own loop: straight into the queue, no hand-over. The read
            // that is running pumps at its end; the drain task covers a send made outside of a read.
            retries.onRequest();
            enqueue(call);
        } else {
            submitted.offer(call);
        }
        if (!(pumpFollows && loop.inEventLoop()) && !drainScheduled.get()
                && drainScheduled.compareAndSet(false, true)) {
            loop.execute(drainTask);
        }
        return call.future;
    }

    @Override
    public Reply call(Request request) {
        if (loop.inEventLoop()) {
            throw new IllegalStateException("call() would block the session's event loop; use send()");
        }
        long timeout = request.timeout() == null ? requestTimeoutNanos : request.timeout().toNanos();
        CompletableFuture<Reply> f = send(request);
        try {
            // The sweep ends the call at its deadline; the margin only guards against a stopped event loop.
            return f.get(timeout + 4 * options.timeouts().deadlineResolution().toNanos() + TimeUnit.SECONDS.toNanos(1),
                    TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw Fleet.asClientError(e.getCause());
        } catch (TimeoutException e) {
            throw new DeadlineExceededException(Progress.UNKNOWN, request + ": no result within the deadline", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParleyClientException("INTERRUPTED", false, Progress.UNKNOWN, request + ": interrupted", e);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        Call call;
        while ((call = submitted.poll()) != null) {
            if (closed) {
                replies.fail(call, new SessionClosedException(Progress.NOT_SENT, call + ": session closed"));
                continue;
            }
            retries.onRequest();
            enqueue(call);
        }
        pump();
    }

    void enqueue(Call call) {
        pending.addLast(call);
        watchDeadline(call.deadline);
        connector.requestWaiting();
    }

    /** @return whether requests wait for a connection */
    boolean hasWaiting() {
        return !pending.isEmpty();
    }

    /** Makes the sweep look at the waiting calls again no later than a deadline. */
    void watchDeadline(long deadline) {
        nextPendingCheck = Math.min(nextPendingCheck, deadline);
    }

    /** A connection reads: the {@link #pump} at the read's end sends what its callbacks queue. */
    void readStarted() {
        pumpFollows = true;
    }

    /** Requests that must be waiting before a read sends them before it ends (see {@link #pumpEarly}). */
    static final int EARLY_BATCH = 8;
    /** Replies a connection must still owe for an early send to pay off (see {@link #pumpEarly}). */
    static final int EARLY_MIN_OUTSTANDING = 16;

    /**
     * Called after each reply of a read: once {@value #EARLY_BATCH} requests wait and the connection still owes at
     * least {@value #EARLY_MIN_OUTSTANDING} replies, they go out now instead of at the read's end. On a deep pipeline
     * this lets the peer work on the first requests while this loop handles the rest of the read, instead of both
     * ends taking turns with one batch; a shallow pipeline (as with many sessions on one loop, where the other
     * connections keep both ends busy) keeps one flush per read. Nothing is sent early unless the pipelining depth
     * leaves room for a whole early batch, so a full pipeline never turns into one flush per reply.
     */
    void pumpEarly(Connection c) {
        int live = c.inflight.live();
        if (pending.size() >= EARLY_BATCH && live >= EARLY_MIN_OUTSTANDING
                && options.maxOutstanding() - live >= EARLY_BATCH) {
            boolean follows = pumpFollows;
            pump();
            pumpFollows = follows;
        }
    }

    /** Writes queued requests on a ready connection, up to the pipelining depth, and flushes once. */
    void pump() {
        pumpFollows = false;
        Connection c = connector.current();
        if (c == null || !c.isReady() || pending.isEmpty()) {
            return;
        }
        int max = options.maxOutstanding();
        long now = now();
        boolean wrote = false;
        Call call;
        while (c.inflight.live() < max && (call = pending.poll()) != null) {
            if (call.isDone()) {
                continue;
            }
            Request r = call.request;
            long attemptNanos = r.attemptTimeout() == null ? 0 : r.attemptTimeout().toNanos();
            if (c.write(call, now, attemptNanos)) {
                wrote = true;
                if (LOG.isDebugEnabled()) {
                    LOG.debug("C201 [{}] {} sent on connection #{} (attempt {})", name, call, c.number,
                            call.attempts);
                }
            }
        }
        if (wrote) {
            c.flush();
        }
    }

    private void tick() {
        long now = now();
        Connection c = connector.current();
        if (c != null) {
            connector.tick(c, now);
            replies.sweepInflight(c, now);
        }
        retries.releaseDue(now);
        if (now >= nextPendingCheck) {
            nextPendingCheck = Math.min(expireWaiting(pending, now), retries.expire(now));
        }
        pump();
    }

    /** Fails the waiting (unsent) requests whose deadline passed; returns the earliest remaining deadline. */
    long expireWaiting(Collection<Call> calls, long now) {
        long next = Long.MAX_VALUE;
        for (Iterator<Call> it = calls.iterator(); it.hasNext(); ) {
            Call call = it.next();
            if (call.isDone()) {
                it.remove();
            } else if (now >= call.deadline) {
                it.remove();
                replies.fail(call, connector.waitingError(call));
            } else {
                next = Math.min(next, call.deadline);
            }
        }
        return next;
    }

    /**
     * Fails every request that waits for a connection, at once: the last attempt was turned down for good
     * ({@link ConnectFailedException} that is not transient), so waiting for the deadline would only repeat it.
     * Requests sent later still get a connection attempt of their own.
     */
    void failWaiting(ConnectFailedException cause) {
        for (Call call : takeWaiting()) {
            if (call.isDone()) {
                continue;
            }
            ParleyClientException e = call.progress == Progress.NOT_SENT
                    ? new ConnectFailedException(cause.code(), false, call + ": " + cause.getMessage(), cause)
                    : new ConnectionLostException(call.progress, call + ": cannot reconnect: " + cause.getMessage(),
                            cause);
            replies.fail(call, e);
        }
    }

    /**
     * Removes and returns every request waiting for a connection: unsent ones (including those handed over from
     * other threads and not yet taken into the queue) and those waiting to be retried.
     */
    private List<Call> takeWaiting() {
        List<Call> waiting = new ArrayList<>(pending);
        pending.clear();
        Call call;
        while ((call = submitted.poll()) != null) {
            waiting.add(call);
        }
        waiting.addAll(retries.takeAll());
        return waiting;
    }

    /** Calls the listener; its failures are logged and never disturb the session. */
    void notifyListener(Runnable listenerCall) {
        try {
            listenerCall.run();
        } catch (RuntimeException e) {
            LOG.warn("C170 [{}] session listener failed", name, e);
        }
    }

    /** Sends an internal request (setup, keepalive) on a connection, ahead of the queue. */
    CompletableFuture<Reply> sendInternal(Connection c, Request request, long timeoutNanos) {
        long t = request.timeout() == null ? timeoutNanos : request.timeout().toNanos();
        Call call = new Call(ids.incrementAndGet(), request, null, now() + t, true);
        call.maxAggregated = options.maxAggregatedBody();
        if (c.write(call, now(), 0)) {
            c.flush();
        }
        return call.future;
    }

    void onClosed(Connection c, ParleyClientException cause) {
        replies.failInflight(c, cause);
        connector.onClosed(c, cause);
        pump();
    }

    @Override
    public boolean isConnected() {
        Connection c = connector.current();
        return c != null && c.isReady();
    }

    @Override
    public SocketAddress remoteAddress() {
        return address;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.forget(this);
        Runnable shutdown = () -> {
            if (sweep != null) {
                sweep.cancel(false);
            }
            drain();
            for (Call call : takeWaiting()) {
                replies.fail(call, new SessionClosedException(call.progress, call + ": session closed"));
            }
            connector.close();
            LOG.info("C190 [{}] session closed", name);
        };
        if (loop.isShuttingDown()) {
            return;
        }
        loop.execute(shutdown);
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "Session{" + name + '}';
    }
}
