package dev.parley.testkit.server.matrix;

import dev.parley.client.ParleyClientException;
import dev.parley.client.Progress;
import dev.parley.client.Request;

import java.time.Duration;
import java.util.Objects;

/**
 * One call as the client saw it: its unique id, its kind, its deadline, how long it took, and how it ended: with a
 * reply (and the id that reply echoed) or with an error. Immutable; {@link FaultMatrix#reconcile} holds a list of
 * them against the server's {@link ExecutionCounter}.
 */
public final class CallRecord {

    /** How a call ended, as far as the server's executions are concerned. */
    public enum Outcome {
        /** A reply came. */
        REPLIED,
        /**
         * A typed error whose progress says the request never ran ({@link Progress#NOT_SENT},
         * {@link Progress#REJECTED}).
         */
        NOT_RUN,
        /** A typed error whose progress says the request may have run ({@link Progress#UNKNOWN}). */
        MAYBE_RUN,
        /** A typed error that is the server's answer ({@link Progress#ANSWERED}). */
        ANSWERED_ERROR,
        /** An error that is not a {@link ParleyClientException}: always a defect. */
        UNTYPED_ERROR,
        /** The call had not ended when it was recorded: always a defect. */
        UNFINISHED
    }

    private final String id;
    private final Request.Kind kind;
    private final Duration deadline;
    private final long elapsedNanos;
    private final String echoedId;
    private final Throwable error;
    private final boolean finished;

    private CallRecord(String id, Request.Kind kind, Duration deadline, long elapsedNanos, String echoedId,
                       Throwable error, boolean finished) {
        this.id = Objects.requireNonNull(id, "id");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.elapsedNanos = elapsedNanos;
        this.echoedId = echoedId;
        this.error = error;
        this.finished = finished;
    }

    /**
     * Records a call that got a reply.
     *
     * @param id the request's id
     * @param kind its kind
     * @param deadline its deadline, from the send
     * @param elapsedNanos from the send until the reply
     * @param echoedId the id the reply carried, {@code null} if none
     * @return the record
     */
    public static CallRecord replied(String id, Request.Kind kind, Duration deadline, long elapsedNanos,
                                     String echoedId) {
        return new CallRecord(id, kind, deadline, elapsedNanos, echoedId, null, true);
    }

    /**
     * Records a call that failed.
     *
     * @param id the request's id
     * @param kind its kind
     * @param deadline its deadline, from the send
     * @param elapsedNanos from the send until the failure
     * @param error the failure, unwrapped from any {@code CompletionException}
     * @return the record
     */
    public static CallRecord failed(String id, Request.Kind kind, Duration deadline, long elapsedNanos,
                                    Throwable error) {
        return new CallRecord(id, kind, deadline, elapsedNanos, null, Objects.requireNonNull(error, "error"), true);
    }

    /**
     * Records a call that has not ended (yet).
     *
     * @param id the request's id
     * @param kind its kind
     * @param deadline its deadline, from the send
     * @param elapsedNanos from the send until now
     * @return the record
     */
    public static CallRecord unfinished(String id, Request.Kind kind, Duration deadline, long elapsedNanos) {
        return new CallRecord(id, kind, deadline, elapsedNanos, null, null, false);
    }

    /** @return how the call ended */
    public Outcome outcome() {
        if (!finished) {
            return Outcome.UNFINISHED;
        }
        if (error == null) {
            return Outcome.REPLIED;
        }
        if (!(error instanceof ParleyClientException)) {
            return Outcome.UNTYPED_ERROR;
        }
        switch (((ParleyClientException) error).progress()) {
            case NOT_SENT:
            case REJECTED:
                return Outcome.NOT_RUN;
            case UNKNOWN:
                return Outcome.MAYBE_RUN;
            default:
                return Outcome.ANSWERED_ERROR;
        }
    }

    /** @return the request's unique id */
    public String id() {
        return id;
    }

    /** @return the request's kind */
    public Request.Kind kind() {
        return kind;
    }

    /** @return the call's deadline, from the send */
    public Duration deadline() {
        return deadline;
    }

    /** @return from the send until the call ended (or until it was recorded, if unfinished) */
    public Duration elapsed() {
        return Duration.ofNanos(elapsedNanos);
    }

    /** @return how long the call outlived its deadline; zero or negative when it ended in time */
    public Duration overshoot() {
        return Duration.ofNanos(elapsedNanos - deadline.toNanos());
    }

    /** @return the id that the reply echoed, or {@code null} without a reply */
    public String echoedId() {
        return echoedId;
    }

    /** @return the failure, or {@code null} for a reply (or an unfinished call) */
    public Throwable error() {
        return error;
    }

    /**
     * Returns a short name of how the call ended, for tallies: {@code reply}, the error's simple class name and
     * code ({@code DeadlineExceededException/TIMEOUT}), or {@code unfinished}.
     *
     * @return the name
     */
    public String outcomeName() {
        if (!finished) {
            return "unfinished";
        }
        if (error == null) {
            return "reply";
        }
        String type = error.getClass().getSimpleName();
        return error instanceof ParleyClientException ? type + '/' + ((ParleyClientException) error).code() : type;
    }

    @Override
    public String toString() {
        return kind.label() + ' ' + id + ": " + outcomeName() + (error == null ? "" : " (" + error.getMessage() + ')')
                + " after " + elapsed().toMillis() + " ms of " + deadline.toMillis() + " ms"
                + (echoedId == null || echoedId.equals(id) ? "" : ", reply echoed " + echoedId);
    }
}
