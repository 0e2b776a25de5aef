package dev.parley.server;

import dev.parley.codec.spi.Failure;
import dev.parley.codec.spi.FailureReplies;
import dev.parley.codec.pipeline.PipelineOptions;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/** What all sessions of one server share: the options, the executor, the connection count and the session set. */
final class ServerContext {

    private final ParleyServer options;
    private final CountingExecutor blocking;
    private final PipelineOptions pipelineOptions;
    private final CommandTable commands;
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<SessionHandler> sessions = ConcurrentHashMap.newKeySet();
    private final Runnable onSessionRemoved;
    private final LogBudget logBudget;
    private final AuthThrottle authThrottle;
    private final Observing observing;
    private final FailureReplies failures;
    private volatile boolean draining;

    ServerContext(ParleyServer options, Executor blocking, Runnable onSessionRemoved) {
        this.options = options;
        this.blocking = new CountingExecutor(blocking);
        this.onSessionRemoved = onSessionRemoved;
        this.pipelineOptions = options.pipelineOptions();
        this.commands = new CommandTable(options.router(), options.authenticator());
        this.logBudget = new LogBudget(options.limits());
        this.authThrottle = new AuthThrottle(options.limits());
        this.observing = Observing.of(options.observer());
        this.failures = options.codec().failureReplies();
    }

    /**
     * Returns the core's own answer for a failure in the protocol's words, after which the connection stays.
     *
     * @param failure what happened
     * @param message details
     */
    Reply failure(Failure failure, String message) {
        return Reply.failure(failure, failures.reply(failure, message, false), false);
    }

    /** Returns the core's own last answer for a failure, after which the connection closes. */
    Reply closing(Failure failure, String message) {
        return Reply.failure(failure, failures.reply(failure, message, true), true);
    }

    ParleyServer options() {
        return options;
    }

    Limits limits() {
        return options.limits();
    }

    Executor blocking() {
        return blocking;
    }

    /**
     * Whether a session that already has a request running must wait before it starts another: fewer than
     * {@link Limits#blockingReserve()} of the {@link Limits#blockingThreads()} are free.
     */
    boolean blockingReserveReached() {
        Limits limits = options.limits();
        return blocking.inUse() >= limits.blockingThreads() - limits.blockingReserve();
    }

    PipelineOptions pipelineOptions() {
        return pipelineOptions;
    }

    CommandTable commands() {
        return commands;
    }

    /** @return the rate bound on lines logged about sessions, shared by all of them */
    LogBudget logBudget() {
        return logBudget;
    }

    /** @return the bound on authentication attempts per source address and overall, shared by all sessions */
    AuthThrottle authThrottle() {
        return authThrottle;
    }

    /** @return the calls to the server's observer, or {@code null} when none is set (measure nothing then) */
    Observing observing() {
        return observing;
    }

    AtomicInteger connections() {
        return connections;
    }

    Set<SessionHandler> sessions() {
        return sessions;
    }

    void removed(SessionHandler session) {
        if (sessions.remove(session)) {
            onSessionRemoved.run();
        }
    }

    boolean draining() {
        return draining;
    }

    void startDraining() {
        draining = true;
    }
}
