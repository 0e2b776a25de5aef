package dev.parley.server;

import dev.parley.codec.framing.BlockChunk;
import dev.parley.codec.spi.Failure;
import dev.parley.codec.spi.RejectedRequest;
import dev.parley.codec.spi.Request;

/**
 * Decides what each request of one session gets: the command's handler, or an error ({@code UNKNOWN_COMMAND},
 * {@code BAD_ARGS}, {@code AUTH_REQUIRED}, {@code TOO_LARGE}, {@code UNAVAILABLE}), and counts protocol errors in a
 * row. A request body's chunks go to {@link BodyIntake}, the authentication verb to {@link Authentication}.
 * Event-loop confined.
 */
final class RequestRouter {

    private final ServerContext context;
    private final SessionHandler handler;
    private final ReplyQueue queue;
    private final Dispatcher dispatcher;
    private final Authenticator authenticator;
    private String lastVerb;
    private Command lastCommand;
    private int consecutiveErrors;
    /** Made with the first request that has a body (or needs one discarded): many sessions never send one. */
    private BodyIntake body;
    /** Made with the first authentication attempt. */
    private Authentication authentication;
    /** Whether the server has an observer: then each request's answer is reported with its verb and time. */
    private final boolean observed;
    private long bodySince;

    RequestRouter(ServerContext context, SessionHandler handler, ReplyQueue queue, Dispatcher dispatcher) {
        this.context = context;
        this.handler = handler;
        this.queue = queue;
        this.dispatcher = dispatcher;
        this.authenticator = context.options().authenticator();
        this.observed = context.observing() != null;
    }

    private BodyIntake body() {
        if (body == null) {
            body = new BodyIntake(context, handler, queue, dispatcher);
        }
        return body;
    }

    private Authentication authentication() {
        if (authentication == null) {
            authentication = new Authentication(context, handler, queue, dispatcher);
        }
        return authentication;
    }

    boolean bodyInProgress() {
        return body != null && body.inProgress();
    }

    void request(Request request) {
        if (!observed) {
            route(request);
            return;
        }
        Command known = command(request.verb());
        long now = handler.ticker().nanoTime();
        bodySince = now;
        queue.answering(known == null ? null : known.verb(), now);
        try {
            route(request);
        } finally {
            queue.answeringDone();
        }
    }

    private void route(Request request) {
        if (context.draining()) {
            reject(request, context.failure(Failure.SHUTTING_DOWN, "the server is shutting down; not executed"));
            return;
        }
        Command command = command(request.verb());
        if (command == null) {
            protocolError(request, Failure.UNKNOWN_COMMAND, request.verb());
            return;
        }
        ServerSession session = handler.session();
        if (authenticator != null && !session.isAuthenticated() && !context.commands().isAuth(command)
                && !authenticator.allowedBeforeAuth().contains(command.verb())) {
            reject(request, context.failure(Failure.AUTH_REQUIRED, "authenticate first: " + authenticator.verb()
                    + ' ' + authenticator.usage()));
            return;
        }
        int n = request.args().size();
        if (n < command.minArgs() || n > command.maxArgs()) {
            protocolError(request, Failure.BAD_ARGS, "usage: " + command.synopsis());
            return;
        }
        if (context.commands().isAuth(command)) {
            consecutiveErrors = 0;
            if (request.hasBody()) {
                body().discard();
            }
            authentication().authenticate(request);
            return;
        }
        if (request.hasBody()) {
            if (!command.acceptsBody()) {
                protocolError(request, Failure.BAD_ARGS, command.verb() + " takes no body; usage: "
                        + command.synopsis());
                return;
            }
            consecutiveErrors = 0;
            if (command.streamsBody()) {
                body().stream(command, new Call(request, session, null));
            } else if (request.bodyLength() > command.maxBodyLength()) {
                reject(request, context.failure(Failure.TOO_LARGE, "body length: " + request.bodyLength()
                        + " (expected: <= " + command.maxBodyLength() + ")"));
            } else {
                body().aggregate(command, request, bodySince);
            }
            return;
        }
        if (command.streamsBody()) {
            protocolError(request, Failure.BAD_ARGS, command.verb() + " needs a body; usage: "
                    + command.synopsis() + " {n}");
            return;
        }
        consecutiveErrors = 0;
        dispatcher.invoke(command, request, null);
    }

    /**
     * Looks the verb up, remembering the last one: the decoder hands out the same verb string for a repeated verb,
     * so a pipelined run of one command skips the hash lookup.
     */
    private Command command(String verb) {
        if (verb == lastVerb) {
            return lastCommand;
        }
        Command command = context.commands().get(verb);
        lastVerb = verb;
        lastCommand = command;
        return command;
    }

    void chunk(BlockChunk chunk) {
        body().chunk(chunk);
    }

    void malformed(RejectedRequest request) {
        if (!observed) {
            answerMalformed(request);
            return;
        }
        queue.answering(null, handler.ticker().nanoTime());
        try {
            answerMalformed(request);
        } finally {
            queue.answeringDone();
        }
    }

    private void answerMalformed(RejectedRequest request) {
        if (request.bodyFollows()) {
            body().discard();
        }
        if (context.draining()) {
            queue.reply(context.failure(Failure.SHUTTING_DOWN, "the server is shutting down; not executed"));
            return;
        }
        countError(context.failure(request.failure(), request.message()));
    }

    /** The connection closed: abandons a body in progress. */
    void closed() {
        if (body != null) {
            body.closed();
        }
    }

    private void reject(Request request, Reply reply) {
        if (request.hasBody()) {
            body().discard();
        }
        queue.reply(reply);
    }

    private void protocolError(Request request, Failure failure, String message) {
        if (request.hasBody()) {
            body().discard();
        }
        countError(context.failure(failure, message));
    }

    private void countError(Reply reply) {
        queue.reply(reply);
        if (++consecutiveErrors >= context.limits().maxConsecutiveErrors()) {
            handler.log().warn("PS005", "", "PS005 session {}: {} protocol errors in a row: BYE PROTOCOL",
                    handler.session().id(), consecutiveErrors);
            queue.reply(context.closing(Failure.PROTOCOL, consecutiveErrors + " protocol errors in a row"));
        }
    }
}
