package dev.parley.server;

import dev.parley.codec.spi.Failure;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;

/**
 * How an admitted session ends on its own terms: {@code BYE IDLE} after the idle timeout with nothing in progress;
 * {@code BYE SHUTDOWN} once a draining server's session has answered what it received; a plain close once a client
 * that shut its output down (EOF) has every request answered and written. Owns whether the session is draining and
 * whether the client's input has ended; asked again whenever work finishes or held-back requests are handled.
 * Confined to the event loop, except {@link #drain()}.
 */
final class SessionEnd {

    private final ServerContext context;
    private final ChannelHandlerContext ctx;
    private final ReplyQueue queue;
    private final RequestRouter router;
    private final HoldBack held;
    private final ReadPause pause;
    private final ServerSession session;
    private boolean draining;
    /** The client shut its side down (EOF): answer what was received, then close. */
    private boolean inputEnded;

    SessionEnd(ServerContext context, ChannelHandlerContext ctx, ReplyQueue queue, RequestRouter router,
               HoldBack held, ReadPause pause, ServerSession session) {
        this.context = context;
        this.ctx = ctx;
        this.queue = queue;
        this.router = router;
        this.held = held;
        this.pause = pause;
        this.session = session;
    }

    /** Any thread: finish what was received, then {@code BYE SHUTDOWN}. */
    void drain() {
        ctx.channel().eventLoop().execute(() -> {
            draining = true;
            pause.pause(ReadPause.Reason.CLOSING);
            if (held.isEmpty()) {
                shutDownIfSettled();
            }
        });
    }

    /**
     * A client that writes its requests and then shuts its output down ({@code printf ... | nc}) still reads the
     * replies: the server answers everything received, then closes.
     */
    void inputEnded() {
        inputEnded = true;
        closeIfInputEndedAndAnswered();
    }

    /** The reader idle timeout fired: {@code BYE IDLE} unless something is in progress. */
    void idle() {
        if (queue.isEmpty() && !router.bodyInProgress() && !queue.closing()) {
            RunningServer.LOG.debug("PS004 session {} idle for {}: BYE IDLE", session.id(),
                    context.limits().idleTimeout());
            queue.reply(context.closing(Failure.IDLE, "no request for " + context.limits().idleTimeout()
                    .toSeconds() + " s"));
        }
    }

    /** The unanswered count changed to {@code n}. */
    void outstandingChanged(int n) {
        closeIfInputEndedAndAnswered();
        if (n == 0 && draining && held.isEmpty() && queue.isEmpty() && !queue.closing()) {
            shutDown();
        }
    }

    /** Everything held back has been handled. */
    void heldReleased() {
        shutDownIfSettled();
        closeIfInputEndedAndAnswered();
    }

    private void shutDownIfSettled() {
        if (draining && queue.isEmpty() && !queue.closing() && !router.bodyInProgress()) {
            shutDown();
        }
    }

    private void shutDown() {
        queue.reply(context.closing(Failure.SHUTTING_DOWN, "the server is shutting down"));
    }

    /** Once the client's input has ended and every request received is answered and written: closes. */
    private void closeIfInputEndedAndAnswered() {
        if (inputEnded && queue.isEmpty() && held.isEmpty() && !queue.closing() && !router.bodyInProgress()
                && ctx.channel().isOpen()) {
            queue.readComplete();
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
