package dev.parley.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.parley.client.ParleyClient.LOG;

/**
 * The retry decision of one session, and the calls waiting out their pause before the next attempt. A failed
 * attempt is tried again only when the call is not internal and none of its reply went to a sink, the
 * {@link RetryPolicy} allows it for how far the attempt got, the backoff pause ends before the call's deadline, and
 * the {@link RetryBudget} has a retry to spend; otherwise the call fails with the attempt's error. Paused calls go
 * back to the session's queue when the session's timer finds their pause over. Event loop only.
 */
final class Retries {

    private final DefaultSession session;
    private final ClientOptions options;
    private final RetryBudget.Balance budget;
    private final List<Call> delayed = new ArrayList<>();
    private long nextReady = Long.MAX_VALUE;

    Retries(DefaultSession session) {
        this.session = session;
        this.options = session.options;
        this.budget = options.retries().budget().newBalance(session.now());
    }

    /** Counts a new request towards the budget. */
    void onRequest() {
        budget.onRequest();
    }

    /** Retries a failed attempt when the policy, the budget and the deadline allow; otherwise fails the call. */
    void retryOrFail(Call call, Progress attemptProgress, ParleyClientException error) {
        if (call.isDone()) {
            return;
        }
        if (session.isClosed()) {
            session.replies.fail(call, new SessionClosedException(call.progress, call + ": session closed"));
            return;
        }
        if (call.internal || call.streamed
                || !options.retries().policy().mayRetry(call.request, attemptProgress, call.attempts)) {
            session.replies.fail(call, error);
            return;
        }
        long now = session.now();
        long pause = options.retries().backoff().pauseNanos(Math.max(1, call.attempts));
        if (now + pause >= call.deadline) {
            LOG.info("C312 [{}] {} not retried: its deadline is too near for a pause of {} ms", session.name, call,
                    TimeUnit.NANOSECONDS.toMillis(pause));
            session.replies.fail(call, error);
            return;
        }
        if (!budget.tryWithdraw(now)) {
            LOG.warn("C320 [{}] {} not retried: retry budget exhausted ({})", session.name, call,
                    options.retries().budget());
            session.replies.fail(call, error);
            return;
        }
        call.readyAt = now + pause;
        delayed.add(call);
        if (call.readyAt < nextReady) {
            nextReady = call.readyAt;
            session.wakeBy(nextReady);
        }
        session.watchDeadline(call.deadline);
        LOG.info("C310 [{}] {} failed ({}); retry {}/{} in {} ms", session.name, call, error.getMessage(),
                call.attempts + 1, options.retries().policy().maxAttempts(), TimeUnit.NANOSECONDS.toMillis(pause));
        int next = call.attempts + 1;
        if (session.observing != null) {
            session.observing.retryScheduled(call.request, next);
        }
        session.notifyListener(() -> options.listener().onRetryScheduled(call.request, next,
                Duration.ofNanos(pause), error));
    }

    /** @return when the first pause ends (on the session's clock), or {@link Long#MAX_VALUE} when none waits */
    long nextReady() {
        return nextReady;
    }

    /** Hands the calls whose pause is over back to the session's queue. */
    void releaseDue(long now) {
        if (now < nextReady) {
            return;
        }
        long next = Long.MAX_VALUE;
        for (int i = delayed.size() - 1; i >= 0; i--) {
            Call call = delayed.get(i);
            if (call.isDone()) {
                delayed.remove(i);
            } else if (now >= call.readyAt) {
                delayed.remove(i);
                session.enqueue(call);
            } else {
                next = Math.min(next, call.readyAt);
            }
        }
        nextReady = next;
    }

    /** Fails the pausing calls whose deadline passed; returns the earliest deadline among the others. */
    long expire(long now) {
        return session.expireWaiting(delayed, now);
    }

    /** Removes and returns every pausing call; the session is closing. */
    List<Call> takeAll() {
        List<Call> all = new ArrayList<>(delayed);
        delayed.clear();
        return all;
    }
}
