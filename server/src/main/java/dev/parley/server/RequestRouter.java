package dev.parley.server;

import dev.parley.codec.spi.Failure;
import dev.parley.codec.framing.BlockChunk;
import dev.parley.codec.spi.RejectedRequest;
import dev.parley.codec.spi.Request;
import io.netty.buffer.CompositeByteBuf;

import java.util.concurrent.TimeUnit;

/**
 * Decides what each request of one session gets: the command's handler, or an error ({@code UNKNOWN_COMMAND},
 * {@code BAD_ARGS}, {@code AUTH_REQUIRED}, {@code TOO_LARGE}, {@code UNAVAILABLE}), and routes the chunks of a
 * request body (aggregated, streamed, or discarded so that the stream stays in sync). Counts protocol errors in a
 * row and handles the authentication verb. Event-loop confined.
 */
final class RequestRouter {

    private enum BodyMode {
        NONE, DISCARD, AGGREGATE, STREAM
    }

    private final ServerContext context;
    private final SessionHandler handler;
    private final ReplyQueue queue;
    private final Dispatcher dispatcher;
    private final Authenticator authenticator;
    private String lastVerb;
    private Command lastCommand;
    private int consecutiveErrors;
    private int authFailures;
    private BodyMode bodyMode = BodyMode.NONE;
    private Command bodyCommand;
    private Request bodyRequest;
    private CompositeByteBuf aggregate;
    private BodyStream stream;
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

    boolean bodyInProgress() {
        return bodyMode != BodyMode.NONE;
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
            authenticate(request);
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
                Call call = new Call(request, session, null);
                stream = new BodyStream(dispatcher, handler, queue, command, call,
                        context.limits().maxPendingBodyBytes());
                bodyMode = BodyMode.STREAM;
            } else if (request.bodyLength() > command.maxBodyLength()) {
                reject(request, context.failure(Failure.TOO_LARGE, "body length: " + request.bodyLength()
                        + " (expected: <= " + command.maxBodyLength() + ")"));
            } else {
                bodyCommand = command;
                bodyRequest = request;
                aggregate = handler.alloc().compositeBuffer(Integer.MAX_VALUE);
                bodyMode = BodyMode.AGGREGATE;
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
        switch (bodyMode) {
            case STREAM:
                stream.offer(chunk);
                if (chunk.isLast()) {
                    stream = null;
                    bodyMode = BodyMode.NONE;
                }
                return;
            case AGGREGATE:
                aggregate.addComponent(true, chunk.content().retain());
                boolean last = chunk.isLast();
                boolean valid = chunk.trailerValid();
                chunk.release();
                if (last) {
                    CompositeByteBuf body = aggregate;
                    aggregate = null;
                    bodyMode = BodyMode.NONE;
                    if (observed) {
                        queue.answering(bodyCommand.verb(), bodySince);
                    }
                    try {
                        if (valid) {
                            dispatcher.invoke(bodyCommand, bodyRequest, body);
                        } else {
                            body.release();
                            queue.reply(context.failure(Failure.BAD_REQUEST, "bad bytes after the body"));
                        }
                    } finally {
                        if (observed) {
                            queue.answeringDone();
                        }
                    }
                    bodyCommand = null;
                    bodyRequest = null;
                }
                return;
            case DISCARD:
                if (chunk.isLast()) {
                    bodyMode = BodyMode.NONE;
                }
                chunk.release();
                return;
            default:
                chunk.release();
        }
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
            bodyMode = BodyMode.DISCARD;
        }
        if (context.draining()) {
            queue.reply(context.failure(Failure.SHUTTING_DOWN, "the server is shutting down; not executed"));
            return;
        }
        countError(context.failure(request.failure(), request.message()));
    }

    /** The connection closed: abandons a body in progress. */
    void closed() {
        if (aggregate != null) {
            aggregate.release();
            aggregate = null;
        }
        if (stream != null) {
            stream.abort();
            stream = null;
        }
        bodyMode = BodyMode.NONE;
    }

    private void reject(Request request, Reply reply) {
        if (request.hasBody()) {
            bodyMode = BodyMode.DISCARD;
        }
        queue.reply(reply);
    }

    private void protocolError(Request request, Failure failure, String message) {
        if (request.hasBody()) {
            bodyMode = BodyMode.DISCARD;
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

    /**
     * Handles the authentication verb. The server-wide {@link AuthThrottle} decides first when the attempt may be
     * evaluated: now, after a wait on the event loop's scheduler (its reply keeps its place in the reply order), or
     * not at all ({@code ERR BUSY}, counted as a failure of this connection).
     */
    private void authenticate(Request request) {
        if (request.hasBody()) {
            bodyMode = BodyMode.DISCARD;
        }
        ServerSession session = handler.session();
        AuthThrottle throttle = context.authThrottle();
        AuthThrottle.Ticket ticket = throttle.acquire(session.remoteAddress(), handler.ticker().nanoTime());
        if (!ticket.admitted()) {
            authFailures++;
            String why = throttle.describe(ticket.verdict);
            handler.log().warn("PS011", ticket.verdict.name(),
                    "PS011 authentication on session {} from {} not evaluated: {} ({} of {})", session.id(),
                    session.remoteAddress(), why, authFailures, context.limits().maxAuthFailures());
            queue.reply(authFailures >= context.limits().maxAuthFailures()
                    ? context.closing(Failure.DENIED, "too many failed authentications")
                    : context.failure(Failure.BUSY, why + "; not evaluated, try again later"));
            return;
        }
        if (ticket.wait == 0) {
            evaluate(request, ticket, null);
            return;
        }
        ReplyQueue.Slot slot = queue.reserve();
        slot.cancel = () -> throttle.giveBack(ticket);
        slot.timer = session.eventLoop().schedule(() -> {
            if (!slot.done) {
                slot.cancel = null;
                evaluate(request, ticket, slot);
            }
        }, ticket.wait, TimeUnit.NANOSECONDS);
    }

    /** Checks the credentials of an admitted attempt and answers it, in {@code slot} when one is reserved. */
    private void evaluate(Request request, AuthThrottle.Ticket ticket, ReplyQueue.Slot slot) {
        ServerSession session = handler.session();
        AuthThrottle throttle = context.authThrottle();
        int max = context.limits().maxAuthFailures();
        if (authFailures >= max) {
            // An earlier attempt of this connection has already ended it.
            throttle.giveBack(ticket);
            answer(slot, Reply.none());
            return;
        }
        String principal;
        try {
            principal = authenticator.authenticate(request.args(), session);
        } catch (RuntimeException e) {
            throttle.giveBack(ticket);
            answer(slot, dispatcher.internal(e, new Call(request, session, null)));
            return;
        }
        if (principal != null) {
            throttle.giveBack(ticket);
            authFailures = 0;
            session.authenticated(principal);
            RunningServer.LOG.debug("PS009 session {} authenticated as {}", session.id(), principal);
            try {
                context.options().listener().onAuthenticated(session);
            } catch (RuntimeException e) {
                handler.log().warn("PS013", "authenticated", "PS013 authenticated hook failed on session {}",
                        session.id(), e);
            }
            answer(slot, Reply.OK);
            return;
        }
        throttle.failed(ticket);
        authFailures++;
        handler.log().warn("PS010", "", "PS010 authentication failed on session {} from {} ({} of {})", session.id(),
                session.remoteAddress(), authFailures, max);
        if (authFailures >= max) {
            answer(slot, context.closing(Failure.DENIED, "too many failed authentications"));
            return;
        }
        long delay = context.limits().authFailureDelay().toNanos() * authFailures;
        Reply denied = context.failure(Failure.DENIED, "wrong credentials");
        if (delay == 0) {
            answer(slot, denied);
            return;
        }
        ReplyQueue.Slot later = slot != null ? slot : queue.reserve();
        later.timer = session.eventLoop().schedule(() -> {
            queue.complete(later, denied);
        }, delay, TimeUnit.NANOSECONDS);
    }

    private void answer(ReplyQueue.Slot slot, Reply reply) {
        if (slot == null) {
            queue.reply(reply);
        } else {
            queue.complete(slot, reply);
        }
    }
}
