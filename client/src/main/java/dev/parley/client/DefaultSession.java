package dev.parley.client;

import dev.parley.client.spi.ClientProtocol;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import static dev.parley.client.ParleyClient.LOG;

/**
 * The session's request queue: it takes requests from any thread, writes them on the ready connection up to the
 * pipelining depth, and ends the ones whose deadline passes while they wait. What replies and failures do to a call
 * is decided by {@link ReplyDispatch} and {@link Retries}; the connection life cycle by {@link SessionConnector}.
 * Everything but {@link #send} runs on the session's one event loop, so no state is shared between threads.
 * Deadlines, pauses and the keepalive are enforced by one timer per session, never by a timer per request: it is
 * set for the earliest moment something may be due (within {@link TimeoutOptions#deadlineResolution()}, so that a
 * run of requests does not move it each time) and is not set at all while nothing is. Requests submitted from any
 * thread are handed over in batches (a lock-free stack in one field, no queue object per session) and flushed once
 * per batch.
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

    private static final VarHandle SUBMITTED;
    private static final VarHandle IDS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SUBMITTED = l.findVarHandle(DefaultSession.class, "submitted", Call.class);
            IDS = l.findVarHandle(DefaultSession.class, "ids", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Calls handed over from other threads, newest first, linked by {@link Call#nextSubmitted} (via SUBMITTED). */
    @SuppressWarnings("unused")
    private volatile Call submitted;
    /** The last call id given out (via IDS, from any thread). */
    @SuppressWarnings("unused")
    private long ids;
    private final Runnable drainTask = this::drain;
    private final Runnable timerTask = this::onTimer;
    private final ArrayDeque<Call> pending = new ArrayDeque<>(2);
    private final long requestTimeoutNanos;
    private final long resolutionNanos;
    private final long stallNanos;
    /** The keepalive idle time, or 0 when the protocol or the options send none. */
    private final long keepaliveIdleNanos;
    private volatile boolean closed;
    /** A drain task is queued for calls sent on the loop itself (event loop only). */
    private boolean drainScheduled;
    /** The session's one timer, when something is due: at {@link #timerAt}. */
    private ScheduledFuture<?> timer;
    private long timerAt;
    private long nextPendingCheck = Long.MAX_VALUE;
    /** Set while a connection reads: its {@code channelReadComplete} pumps, so a send from a callback needs no task. */
    private boolean pumpFollows;

    DefaultSession(ParleyClient client, String id, EventLoop loop, SocketAddress address, ClientOptions options) {
        this.client = client;
        this.name = id + '@' + address;
        this.loop = loop;
        this.ticker = loop.ticker();
        this.address = address;
        this.options = options;
        this.requestTimeoutNanos = options.timeouts().requestTimeout().toNanos();
        this.resolutionNanos = options.timeouts().deadlineResolution().toNanos();
        this.stallNanos = options.timeouts().stallLimit().toNanos();
        long idle = options.socket().keepaliveIdle().toNanos();
        this.keepaliveIdleNanos = idle > 0 && options.protocol().keepalive() != null ? idle : 0;
        this.observing = Observing.of(this, options.observer());
        this.retries = new Retries(this);
        this.replies = new ReplyDispatch(this, retries);
        this.connector = new SessionConnector(this);
    }

    void start() {
        loop.execute(connector::connect);
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
        return submit(request, sink, null).replyFuture();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> sendMapped(Request request, Function<? super Reply, ? extends T> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return (CompletableFuture<T>) submit(request, null, mapper).future;
    }

    private Call submit(Request request, BodySink sink, Function<? super Reply, ?> mapper) {
        long timeout = request.timeout() == null ? requestTimeoutNanos : request.timeout().toNanos();
        Call call = new Call(nextId(), request, sink, mapper, now() + timeout, false);
        call.maxAggregated = options.maxAggregatedBody();
        if (closed) {
            call.future.completeExceptionally(new SessionClosedException(Progress.NOT_SENT, call + ": session "
                    + name + " is closed"));
            return call;
        }
        if (loop.inEventLoop()) {
            // Sent from a callback on the session's own loop: straight into the queue, no hand-over. The read
            // that is running pumps at its end; the drain task covers a send made outside of a read.
            retries.onRequest();
            enqueue(call);
            if (!pumpFollows && !drainScheduled) {
                drainScheduled = true;
                loop.execute(drainTask);
            }
        } else if (handOver(call)) {
            loop.execute(drainTask);
        }
        return call;
    }

    @Override
    public Reply call(Request request) {
        if (loop.inEventLoop()) {
            throw new IllegalStateException("call() would block the session's event loop; use send()");
        }
        long timeout = request.timeout() == null ? requestTimeoutNanos : request.timeout().toNanos();
        CompletableFuture<Reply> f = send(request);
        try {
            // The timer ends the call at its deadline; the margin only guards against a stopped event loop.
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

    private long nextId() {
        return (long) IDS.getAndAdd(this, 1L) + 1;
    }

    /**
     * Pushes a call onto the hand-over stack.
     *
     * @return whether the stack was empty: the caller queues the drain task (one per batch)
     */
    private boolean handOver(Call call) {
        Call top;
        do {
            top = submitted;
            call.nextSubmitted = top;
        } while (!SUBMITTED.compareAndSet(this, top, call));
        return top == null;
    }

    /** Takes every handed-over call, oldest first. */
    private Call takeHandedOver() {
        Call c = (Call) SUBMITTED.getAndSet(this, (Call) null);
        Call oldest = null;
        while (c != null) {
            Call next = c.nextSubmitted;
            c.nextSubmitted = oldest;
            oldest = c;
            c = next;
        }
        return oldest;
    }

    private void drain() {
        drainScheduled = false;
        Call call = takeHandedOver();
        while (call != null) {
            Call next = call.nextSubmitted;
            call.nextSubmitted = null;
            drainOne(call);
            call = next;
        }
        pump();
    }

    private void drainOne(Call call) {
        if (closed) {
            replies.fail(call, new SessionClosedException(Progress.NOT_SENT, call + ": session closed"));
            return;
        }
        retries.onRequest();
        enqueue(call);
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

    /** Makes the timer look at the waiting calls again no later than a deadline. */
    void watchDeadline(long deadline) {
        if (deadline < nextPendingCheck) {
            nextPendingCheck = deadline;
            wakeBy(deadline);
        }
    }

    /**
     * Makes the session's timer fire no later than a moment, give or take the deadline resolution: a timer already
     * set for up to one resolution after it stays (so a run of requests does not move it each time); an earlier
     * one is replaced. Event loop only.
     *
     * @param when on the session's clock; {@link Long#MAX_VALUE} for never
     */
    void wakeBy(long when) {
        if (when == Long.MAX_VALUE || closed || (timer != null && timerAt - when <= resolutionNanos)) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        timerAt = when;
        timer = loop.schedule(timerTask, Math.max(0, when - now()), TimeUnit.NANOSECONDS);
    }

    /** Sets the timer for whatever is due next: waiting calls, retry pauses, the current connection's limits. */
    void rearm() {
        long next = Math.min(nextPendingCheck, retries.nextReady());
        Connection c = connector.current();
        if (c != null) {
            next = Math.min(next, c.nextDue(stallNanos, keepaliveIdleNanos));
        }
        wakeBy(next);
    }

    private void onTimer() {
        timer = null;
        tick();
        rearm();
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
     * ({@link ConnectFailedException} that is not transient), so waiting for the deadline would only repeat it, or
     * {@link RetryOptions#connectAttempts()} attempts in a row have failed.
     * Requests sent later still get a connection attempt of their own.
     */
    void failWaiting(ConnectFailedException cause) {
        for (Call call : takeWaiting()) {
            if (call.isDone()) {
                continue;
            }
            ParleyClientException e = call.progress == Progress.NOT_SENT
                    ? new ConnectFailedException(cause.code(), cause.isTransient(), call + ": " + detail(cause),
                            cause)
                    : new ConnectionLostException(call.progress, call + ": cannot reconnect: " + cause.getMessage(),
                            cause);
            replies.fail(call, e);
        }
    }

    /** The message of an error without its leading code, which the wrapping error states already. */
    private static String detail(ParleyClientException e) {
        String m = e.getMessage();
        String prefix = e.code() + ": ";
        return m != null && m.startsWith(prefix) ? m.substring(prefix.length()) : String.valueOf(m);
    }

    /**
     * Removes and returns every request waiting for a connection: unsent ones (including those handed over from
     * other threads and not yet taken into the queue) and those waiting to be retried.
     */
    private List<Call> takeWaiting() {
        List<Call> waiting = new ArrayList<>(pending);
        pending.clear();
        Call call = takeHandedOver();
        while (call != null) {
            Call next = call.nextSubmitted;
            call.nextSubmitted = null;
            waiting.add(call);
            call = next;
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
        Call call = new Call(nextId(), request, null, now() + t, true);
        call.maxAggregated = options.maxAggregatedBody();
        if (c.write(call, now(), 0)) {
            c.flush();
        }
        return call.replyFuture();
    }

    void onClosed(Connection c, ParleyClientException cause) {
        replies.failInflight(c, cause);
        connector.onClosed(c, cause);
        pump();
    }

    @Override
    public boolean isConnected() {
        // Closed is closed at once, for any thread: the connection itself is shut on the loop a moment later.
        Connection c = connector.current();
        return !closed && c != null && c.isReady();
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
            if (timer != null) {
                timer.cancel(false);
                timer = null;
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
