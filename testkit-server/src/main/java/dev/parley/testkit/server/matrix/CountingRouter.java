package dev.parley.testkit.server.matrix;

import dev.parley.client.Reply;
import dev.parley.client.Request;
import dev.parley.server.Call;
import dev.parley.server.Command;
import dev.parley.server.Router;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The fault matrix's commands, one per kind of request, each counting its executions per request id in an
 * {@link ExecutionCounter} and answering {@code OK <id> <executions>}, so that a client can check that the reply it
 * got is its own:
 * <ul>
 *   <li>{@value #QUERY} {@code <id> [work-ms]}: a query;</li>
 *   <li>{@value #ACTION} {@code <id> [work-ms]}: an action, which must never run twice;</li>
 *   <li>{@value #IDEMPOTENT_ACTION} {@code <id> [work-ms]}: an action that the client declares idempotent (to the
 *       server it is an action like any other).</li>
 * </ul>
 * A request runs, and is counted, as soon as the server dispatches it; with {@code work-ms} its reply comes that
 * many milliseconds later (off the event loop, without blocking it), so that a fault can strike while it runs. Each
 * command accepts a request body of up to {@value #MAX_BODY} bytes (and ignores it), so that calls with a body
 * cross the faults too.
 * The client side builds matching requests with {@link #request(Request.Kind, String)}.
 */
public final class CountingRouter {

    /** The query's verb. */
    public static final String QUERY = "mq";
    /** The action's verb. */
    public static final String ACTION = "ma";
    /** The idempotent action's verb. */
    public static final String IDEMPOTENT_ACTION = "mi";

    /** The largest request body the commands accept: 64 KiB. */
    public static final int MAX_BODY = 64 * 1024;

    private static final String USAGE = "<id> [work-ms]";

    private CountingRouter() {
    }

    /**
     * Returns a router with the three commands, built-ins ({@code ping}, ...) included.
     *
     * @param counter where executions are counted
     * @return the router
     */
    public static Router router(ExecutionCounter counter) {
        return commands(Router.builder(), counter).build();
    }

    /**
     * Adds the three commands to a router being built, for a server that has commands of its own.
     *
     * @param builder the router's builder
     * @param counter where executions are counted
     * @return the same builder
     */
    public static Router.Builder commands(Router.Builder builder, ExecutionCounter counter) {
        Objects.requireNonNull(counter, "counter");
        return builder.add(Command.query(QUERY).usage(USAGE).aggregateBody(MAX_BODY).async(call -> run(call, counter)))
                .add(Command.action(ACTION).usage(USAGE).aggregateBody(MAX_BODY).async(call -> run(call, counter)))
                .add(Command.action(IDEMPOTENT_ACTION).usage(USAGE).aggregateBody(MAX_BODY)
                        .async(call -> run(call, counter)));
    }

    private static CompletionStage<dev.parley.server.Reply> run(Call call, ExecutionCounter counter) {
        String id = call.arg(0);
        long work = call.args().size() > 1 ? Long.parseLong(call.arg(1)) : 0;
        dev.parley.server.Reply reply = dev.parley.server.Reply.ok(id, Integer.toString(counter.record(id)));
        if (work <= 0) {
            return CompletableFuture.completedFuture(reply);
        }
        return CompletableFuture.supplyAsync(() -> reply, CompletableFuture.delayedExecutor(work,
                TimeUnit.MILLISECONDS));
    }

    /**
     * Returns the verb of a kind of request.
     *
     * @param kind the kind
     * @return {@value #QUERY}, {@value #ACTION} or {@value #IDEMPOTENT_ACTION}
     */
    public static String verb(Request.Kind kind) {
        switch (kind) {
            case QUERY:
                return QUERY;
            case ACTION:
                return ACTION;
            default:
                return IDEMPOTENT_ACTION;
        }
    }

    /**
     * Returns a client request for one of the commands, answered at once.
     *
     * @param kind the kind, which is also what the client's retry rules see
     * @param id the request's unique id (a bare word: letters, digits, {@code - _ .})
     * @return the request; give it a deadline with {@link Request#withTimeout}
     */
    public static Request request(Request.Kind kind, String id) {
        return Request.of(kind, verb(kind), List.of(id));
    }

    /**
     * Returns a client request for one of the commands whose reply the server sends after some work.
     *
     * @param kind the kind
     * @param id the request's unique id
     * @param work how long the server works on it before it answers; zero for at once
     * @return the request
     */
    public static Request request(Request.Kind kind, String id, Duration work) {
        if (work.isZero()) {
            return request(kind, id);
        }
        return Request.of(kind, verb(kind), List.of(id, Long.toString(work.toMillis())));
    }

    /**
     * Returns the id that a reply of these commands echoes.
     *
     * @param reply a reply of one of the commands
     * @return its first argument, or {@code null} when it has none
     */
    public static String echoedId(Reply reply) {
        return reply.args().isEmpty() ? null : reply.args().get(0);
    }
}
