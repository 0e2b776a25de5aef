package dev.parley.client;

import dev.parley.codec.text.ErrorCode;

import java.util.concurrent.TimeUnit;

import static dev.parley.client.ParleyClient.LOG;

/**
 * What happens to the calls of one session when their connection reports something: a reply completes the call or,
 * for an error reply, becomes an attempt failure whose progress follows the error code's kind; a goodbye, a protocol
 * violation, a failing sink, a lost connection or a run-out attempt ends the affected calls and hands them to
 * {@link Retries}. Event loop only.
 */
final class ReplyDispatch {

    private final DefaultSession session;
    private final ClientOptions options;
    private final Retries retries;
    private final long requestTimeoutNanos;

    ReplyDispatch(DefaultSession session, Retries retries) {
        this.session = session;
        this.options = session.options;
        this.retries = retries;
        this.requestTimeoutNanos = options.timeouts().requestTimeout().toNanos();
    }

    /** Completes or fails the call; the connection pumps the queue once per read, not here once per reply. */
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
            case ERR:
                Progress p = reply.code().isTransient() ? Progress.REJECTED
                        : reply.code().kind() == ErrorCode.Kind.OUTCOME_UNKNOWN ? Progress.UNKNOWN : Progress.ANSWERED;
                call.noteProgress(p);
                retries.retryOrFail(call, p, new RemoteErrorException(reply.code(), reply.message(), call.progress,
                        call.toString()));
                break;
            default:
                throw new IllegalStateException("goodbye is not an answer: " + reply);
        }
    }

    void onGoodbye(Connection c, Reply bye) {
        LOG.info("C150 [{}] server said BYE {} {} on connection #{}; {} request(s) unanswered", session.name,
                bye.code(), bye.message(), c.number, c.inflight.live());
        c.close(new ConnectionLostException(Progress.UNKNOWN, "server said BYE " + bye.code()
                + (bye.message().isEmpty() ? "" : " " + bye.message()), null));
    }

    void onProtocolError(Connection c, Throwable cause) {
        Call head = c.inflight.peek();
        if (head != null) {
            c.inflight.abandon(0, session.now());
            head.noteProgress(Progress.UNKNOWN);
            fail(head, new ProtocolViolationException(head.progress, head + ": " + cause.getMessage(),
                    cause));
        }
    }

    void failSink(Connection c, Call call, Throwable cause) {
        c.inflight.abandon(0, session.now());
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
            retries.retryOrFail(call, Progress.UNKNOWN, e);
        }
    }

    /** Abandons in-flight requests whose attempt ran out; their slots stay for the late replies. */
    void sweepInflight(Connection c, long now) {
        if (!c.attemptCheckDue(now)) {
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
                retries.retryOrFail(call, Progress.UNKNOWN, e);
            } else {
                next = Math.min(next, call.attemptDeadline);
            }
        }
        c.attemptsChecked(next);
        c.liftIfLeft();
    }

    /** Completes a call with its reply. */
    void succeed(Call call, Reply reply) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("C202 [{}] {} answered: {}", session.name, call, reply);
        }
        // Observed before the future completes: whoever the reply wakes up sees the call counted.
        if (session.observing != null && !call.internal && !call.isDone()) {
            session.observing.requestCompleted(call.request, null, session.now() - sentAt(call));
        }
        if (call.mapper == null) {
            call.future.complete(reply);
            return;
        }
        Object result;
        try {
            result = call.mapper.apply(reply);
        } catch (Throwable t) {
            call.future.completeExceptionally(t);
            return;
        }
        call.future.complete(result);
    }

    /** Fails a call, unless it already ended, and logs why. */
    void fail(Call call, ParleyClientException error) {
        if (call.isDone()) {
            return;
        }
        if (call.internal) {
            LOG.debug("C231 [{}] {} failed: {}", session.name, call, error.getMessage());
        } else {
            LOG.info("C230 [{}] {} failed after {} attempt(s): {} (progress {})", session.name, call, call.attempts,
                    error.getMessage(), error.progress());
        }
        if (session.observing != null && !call.internal) {
            session.observing.requestCompleted(call.request, error, session.now() - sentAt(call));
        }
        call.future.completeExceptionally(error);
    }

    /** When the call was sent: its deadline less its timeout. */
    private long sentAt(Call call) {
        Request r = call.request;
        return call.deadline - (r.timeout() == null ? requestTimeoutNanos : r.timeout().toNanos());
    }

    private long attemptSpan(Call call) {
        Request r = call.request;
        long span = r.timeout() == null ? requestTimeoutNanos : r.timeout().toNanos();
        return r.attemptTimeout() == null ? span : Math.min(span, r.attemptTimeout().toNanos());
    }
}
