package dev.parley.server;

import dev.parley.codec.spi.Failure;
import dev.parley.codec.spi.Request;

import java.util.concurrent.TimeUnit;

/**
 * The authentication verb of one session: the server-wide {@link AuthThrottle}, the check of the credentials, the
 * delay that grows with each failure and the failure count that ends the connection. Event-loop confined.
 */
final class Authentication {

    private final ServerContext context;
    private final SessionHandler handler;
    private final ReplyQueue queue;
    private final Dispatcher dispatcher;
    private final Authenticator authenticator;
    private int authFailures;

    Authentication(ServerContext context, SessionHandler handler, ReplyQueue queue, Dispatcher dispatcher) {
        this.context = context;
        this.handler = handler;
        this.queue = queue;
        this.dispatcher = dispatcher;
        this.authenticator = context.options().authenticator();
    }

    /**
     * Handles the authentication verb. The server-wide {@link AuthThrottle} decides first when the attempt may be
     * evaluated: now, after a wait on the event loop's scheduler (its reply keeps its place in the reply order), or
     * not at all ({@code ERR BUSY}, counted as a failure of this connection).
     */
    void authenticate(Request request) {
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
