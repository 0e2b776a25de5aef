package dev.parley.server;

import dev.parley.codec.spi.Failure;
import io.netty.channel.ChannelHandlerContext;

/**
 * Whether a new connection becomes a session, and what its start and end tell the world. A connection over
 * {@link Limits#maxConnections()}, or one that arrives while the server drains, is answered with a closing reply
 * ({@code BYE BUSY}, {@code BYE SHUTDOWN}) and never admitted; an admitted one is logged, reported to the observer and
 * the listener, and greeted. Owns the connection count's share of this connection and whether it was admitted.
 * Confined to the event loop.
 */
final class Admission {

    private final ServerContext context;
    private final Observing observing;
    private boolean counted;
    private boolean admitted;

    Admission(ServerContext context) {
        this.context = context;
        this.observing = context.observing();
    }

    /** @return whether the connection was admitted (not refused) */
    boolean admitted() {
        return admitted;
    }

    /** The channel is active: counts it, then refuses it or admits and greets it. */
    void opened(ChannelHandlerContext ctx, SessionHandler handler, ReplyQueue queue) {
        counted = true;
        int n = context.connections().incrementAndGet();
        context.sessions().add(handler);
        ServerSession session = handler.session();
        if (context.draining()) {
            refused(ctx, Failure.SHUTTING_DOWN);
            queue.reply(context.closing(Failure.SHUTTING_DOWN, "the server is shutting down"));
        } else if (n > context.limits().maxConnections()) {
            handler.log().warn("PS003", "", "PS003 connection from {} refused: {} connections (expected: <= {}); "
                    + "BYE BUSY", ctx.channel().remoteAddress(), n, context.limits().maxConnections());
            refused(ctx, Failure.BUSY);
            queue.reply(context.closing(Failure.BUSY, "too many connections"));
        } else {
            admitted = true;
            RunningServer.LOG.debug("PS001 connection accepted: session {} from {}", session.id(),
                    ctx.channel().remoteAddress());
            if (observing != null) {
                observing.connectionOpened(session);
            }
            try {
                context.options().listener().onConnected(session);
            } catch (RuntimeException e) {
                handler.log().warn("PS013", "connected", "PS013 connected hook failed on session {}", session.id(), e);
            }
            Object hello = context.options().greeting().greet(session);
            if (hello != null) {
                ctx.writeAndFlush(hello, ctx.voidPromise());
            }
        }
    }

    private void refused(ChannelHandlerContext ctx, Failure code) {
        if (observing != null) {
            observing.connectionRefused(ctx.channel().remoteAddress(), code);
        }
    }

    /** The channel closed: gives back its place in the connection count. */
    void uncount() {
        if (counted) {
            counted = false;
            context.connections().decrementAndGet();
        }
    }

    /** The channel closed: an admitted session's end is logged and reported to the observer and the listener. */
    void closed(SessionHandler handler) {
        if (!admitted) {
            return;
        }
        ServerSession session = handler.session();
        RunningServer.LOG.debug("PS002 connection closed: session {} after {} requests, {} errors", session.id(),
                session.requests(), session.errors());
        if (observing != null) {
            observing.connectionClosed(session);
        }
        try {
            context.options().listener().onDisconnected(session);
        } catch (RuntimeException e) {
            handler.log().warn("PS013", "closed", "PS013 closed hook failed on session {}", session.id(), e);
        }
    }
}
