package dev.parley.client;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.PlatformDependent;

import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * The session's request queue and its decisions: deadlines, retries, the retry budget. Everything but
 * {@link #send} runs on the session's one event loop, so no state is shared between threads. Deadlines are
 * enforced by one periodic sweep per session ({@link ClientOptions#deadlineResolution()}), never by a timer per
 * request; requests submitted from any thread are handed over in batches and flushed once per batch.
 */
final class DefaultSession implements Session {

    final ParleyClient client;
    final String name;
    final EventLoop loop;
    final SocketAddress address;
    final ClientOptions options;
    final SessionConnector connector;

    private final Queue<Call> submitted = PlatformDependent.newMpscQueue();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong ids = new AtomicLong();
    private final Runnable drainTask = this::drain;
    private final ArrayDeque<Call> pending = new ArrayDeque<>();
    private final List<Call> delayed = new ArrayList<>();
    private final RetryBudget.Balance budget;
    private final long requestTimeoutNanos;
    private volatile boolean closed;
    private ScheduledFuture<?> ticker;
    private long nextPendingCheck = Long.MAX_VALUE;
    private long nextDelayedReady = Long.MAX_VALUE;

    DefaultSession(ParleyClient client, String id, EventLoop loop, Class<? extends Channel> channelType,
                   SocketAddress address, ClientOptions options) {
        this.client = client;
        this.name = id + '@' + address;
        this.loop = loop;
        this.address = address;
        this.options = options;
        this.budget = options.retryBudget().newBalance();
        this.requestTimeoutNanos = options.requestTimeout().toNanos();
        this.connector = new SessionConnector(this, channelType);
    }

    void start() {
        loop.execute(() -> {
            long period = options.deadlineResolution().toNanos();
            ticker = loop.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
            connector.connect();
        });
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
        Call call = new Call(ids.incrementAndGet(), request, sink, System.nanoTime() + timeout, false);
        call.maxAggregated = options.maxAggregatedBody();
        if (closed) {
            call.future.completeExceptionally(new SessionClosedException(Progress.NOT_SENT, call + ": session "
                    + name + " is closed"));
            return call.future;
        }
        submitted.offer(call);
        if (drainScheduled.compareAndSet(false, true)) {
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
            return f.get(timeout + 4 * options.deadlineResolution().toNanos() + TimeUnit.SECONDS.toNanos(1),
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
                failNow(call, new SessionClosedException(Progress.NOT_SENT, call + ": session closed"));
                continue;
            }
            budget.onRequest();
            enqueue(call);
        }
        pump();
    }

    private void enqueue(Call call) {
        pending.addLast(call);
        nextPendingCheck = Math.min(nextPendingCheck, call.deadline);
    }

    /** Writes queued requests on a ready connection, up to the pipelining depth, and flushes once. */
    void pump() {
        Connection c = connector.current();
        if (c == null || !c.isReady() || pending.isEmpty()) {
            return;
        }
        int max = options.maxOutstanding();
        long now = System.nanoTime();
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
        long now = System.nanoTime();
        Connection c = connector.current();
        if (c != null) {
            connector.tick(c, now);
            sweepInflight(c, now);
        }
        if (now >= nextDelayedReady) {
            long next = Long.MAX_VALUE;
            for (int i = delayed.size() - 1; i >= 0; i--) {
                Call call = delayed.get(i);
                if (call.isDone()) {
                    delayed.remove(i);
                } else if (now >= call.readyAt) {
                    delayed.remove(i);
                    enqueue(call);
                } else {
                    next = Math.min(next, call.readyAt);
                }
            }
            nextDelayedReady = next;
        }
        if (now >= nextPendingCheck) {
            nextPendingCheck = expireWaiting(pending, now);
            expireWaiting(delayed, now);
        }
        pump();
    }

    /** Fails the waiting (unsent) requests whose deadline passed; returns the earliest remaining deadline. */
    private long expireWaiting(java.util.Collection<Call> calls, long now) {
        long next = Long.MAX_VALUE;
        for (java.util.Iterator<Call> it = calls.iterator(); it.hasNext(); ) {
            Call call = it.next();
            if (call.isDone()) {
                it.remove();
            } else if (now >= call.deadline) {
                it.remove();
                fail(call, connector.waitingError(call));
            } else {
                next = Math.min(next, call.deadline);
            }
        }
        for (Call call : delayed) {
            next = Math.min(next, call.deadline);
        }
        return next;
    }

    /** Abandons in-flight requests whose attempt ran out; their slots stay for the late replies. */
    private void sweepInflight(Connection c, long now) {
        if (now < c.nextAttemptCheck) {
            return;
        }
        long next = Long.MAX_VALUE;
        InflightQueue q = c.inflight;
        for (int i = 0; i < q.size(); i++) {
            Call call = q.get(i);
            if (call == null) {
                continue;
            }
            if (now >= call.attemptDeadline) {
                q.abandon(i, now);
                call.noteProgress(Progress.UNKNOWN);
                long ms = TimeUnit.NANOSECONDS.toMillis(now - (call.attemptDeadline - attemptSpan(call)));
                DeadlineExceededException e = new DeadlineExceededException(call.progress, call
                        + ": no reply within " + ms + " ms (attempt " + call.attempts + ")", null);
                if (call.sink != null && call.streamed) {
                    call.sink.onError(e);
                }
                retryOrFail(call, Progress.UNKNOWN, e);
            } else {
                next = Math.min(next, call.attemptDeadline);
            }
        }
        c.nextAttemptCheck = next;
        c.gate.liftIfLeft();
    }

    private long attemptSpan(Call call) {
        Request r = call.request;
        long span = r.timeout() == null ? requestTimeoutNanos : r.timeout().toNanos();
        return r.attemptTimeout() == null ? span : Math.min(span, r.attemptTimeout().toNanos());
    }

    void onReply(Connection c, Call call, Reply reply) {
        switch (reply.status()) {
            case OK:
                call.noteProgress(Progress.ANSWERED);
                if (call.overflow) {
                    fail(call, new ParleyClientException(ParleyClientException.BODY_TOO_LARGE, false,
                            Progress.ANSWERED, call + ": reply body over the maximum of "
                            + options.maxAggregatedBody() + " bytes; use a BodySink", null));
                } else {
                    byte[] body = call.sink == null ? call.body() : null;
                    succeed(call, body == null ? reply : Reply.ok(reply.args(), body)
                            .withAttachment(reply.attachment()));
                }
                break;
            case ERROR:
                Progress p = reply.code().isTransient() ? Progress.REJECTED
                        : reply.code().kind() == dev.parley.codec.text.ErrorCode.Kind.OUTCOME_UNKNOWN
                        ? Progress.UNKNOWN : Progress.ANSWERED;
                call.noteProgress(p);
                retryOrFail(call, p, new RemoteErrorException(reply.code(), reply.message(), call.progress,
                        call.toString()));
                break;
            default:
                throw new IllegalStateException("goodbye is not an answer: " + reply);
        }
        pump();
    }

    void onGoodbye(Connection c, Reply bye) {
        LOG.info("C150 [{}] server said BYE {} {} on connection #{}; {} request(s) unanswered", name,
                bye.code(), bye.message(), c.number, c.inflight.live());
        c.close(new ConnectionLostException(Progress.UNKNOWN, "server said BYE " + bye.code()
                + (bye.message().isEmpty() ? "" : " " + bye.message()), null));
    }

    void onProtocolError(Connection c, Throwable cause) {
        Call head = c.inflight.peek();
        if (head != null) {
            c.inflight.abandon(0, System.nanoTime());
            head.noteProgress(Progress.UNKNOWN);
            fail(head, new ProtocolViolationException(head.progress, head + ": " + cause.getMessage(), cause));
        }
    }

    void failSink(Connection c, Call call, Throwable cause) {
        c.inflight.abandon(0, System.nanoTime());
        fail(call, new ParleyClientException("SINK_FAILED", false, call.progress.furthest(Progress.UNKNOWN),
                call + ": the body sink failed: " + cause, cause));
        c.close(new ConnectionLostException(Progress.UNKNOWN, "body sink failed mid-reply", cause));
    }

    /** The connection closed: unanswered requests follow the retry rules. */
    void failInflight(Connection c, ParleyClientException cause) {
        InflightQueue q = c.inflight;
        while (!q.isEmpty()) {
            Call call = q.peek();
            q.poll();
            if (call == null || call.isDone()) {
                continue;
            }
            call.noteProgress(Progress.UNKNOWN);
            ConnectionLostException e = new ConnectionLostException(call.progress, call + ": "
                    + cause.getMessage().substring(cause.code().length() + 2), cause);
            if (call.sink != null && call.streamed) {
                call.sink.onError(e);
            }
            retryOrFail(call, Progress.UNKNOWN, e);
        }
    }

    /** Retries a failed attempt when the policy, the budget and the deadline allow; otherwise fails the call. */
    void retryOrFail(Call call, Progress attemptProgress, ParleyClientException error) {
        if (call.isDone()) {
            return;
        }
        if (closed) {
            fail(call, new SessionClosedException(call.progress, call + ": session closed"));
            return;
        }
        if (call.internal || call.streamed
                || !options.retryPolicy().mayRetry(call.request, attemptProgress, call.attempts)) {
            fail(call, error);
            return;
        }
        long now = System.nanoTime();
        long pause = options.reconnectBackoff().pauseNanos(Math.max(1, call.attempts));
        if (now + pause >= call.deadline) {
            LOG.info("C312 [{}] {} not retried: its deadline is too near for a pause of {} ms", name, call,
                    TimeUnit.NANOSECONDS.toMillis(pause));
            fail(call, error);
            return;
        }
        if (!budget.tryWithdraw(now)) {
            LOG.warn("C320 [{}] {} not retried: retry budget exhausted ({})", name, call, options.retryBudget());
            fail(call, error);
            return;
        }
        call.readyAt = now + pause;
        delayed.add(call);
        nextDelayedReady = Math.min(nextDelayedReady, call.readyAt);
        nextPendingCheck = Math.min(nextPendingCheck, call.deadline);
        LOG.info("C310 [{}] {} failed ({}); retry {}/{} in {} ms", name, call, error.getMessage(),
                call.attempts + 1, options.retryPolicy().maxAttempts(), TimeUnit.NANOSECONDS.toMillis(pause));
        int next = call.attempts + 1;
        notifyListener(() -> options.listener().onRetryScheduled(call.request, next, java.time.Duration.ofNanos(pause),
                error));
    }

    /** Calls the listener; its failures are logged and never disturb the session. */
    void notifyListener(Runnable listenerCall) {
        try {
            listenerCall.run();
        } catch (RuntimeException e) {
            LOG.warn("C170 [{}] session listener failed", name, e);
        }
    }

    private void succeed(Call call, Reply reply) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("C202 [{}] {} answered: {}", name, call, reply);
        }
        call.future.complete(reply);
    }

    void fail(Call call, ParleyClientException error) {
        if (call.isDone()) {
            return;
        }
        if (call.internal) {
            LOG.debug("C231 [{}] {} failed: {}", name, call, error.getMessage());
        } else {
            LOG.info("C230 [{}] {} failed after {} attempt(s): {} (progress {})", name, call, call.attempts,
                    error.getMessage(), error.progress());
        }
        call.future.completeExceptionally(error);
    }

    void failNow(Call call, ParleyClientException error) {
        fail(call, error);
    }

    /** Sends an internal request (setup, keepalive) on a connection, ahead of the queue. */
    CompletableFuture<Reply> sendInternal(Connection c, Request request, long timeoutNanos) {
        long t = request.timeout() == null ? timeoutNanos : request.timeout().toNanos();
        Call call = new Call(ids.incrementAndGet(), request, null, System.nanoTime() + t, true);
        call.maxAggregated = options.maxAggregatedBody();
        if (c.write(call, System.nanoTime(), 0)) {
            c.flush();
        }
        return call.future;
    }

    void onClosed(Connection c, ParleyClientException cause) {
        failInflight(c, cause);
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
            if (ticker != null) {
                ticker.cancel(false);
            }
            drain();
            List<Call> waiting = new ArrayList<>(pending);
            waiting.addAll(delayed);
            pending.clear();
            delayed.clear();
            for (Call call : waiting) {
                fail(call, new SessionClosedException(call.progress, call + ": session closed"));
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
