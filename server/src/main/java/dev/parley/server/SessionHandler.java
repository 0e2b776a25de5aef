package dev.parley.server;

import dev.parley.codec.spi.Failure;
import dev.parley.codec.framing.BlockChunk;
import dev.parley.codec.framing.FramingException;
import dev.parley.codec.framing.TruncatedInputException;
import dev.parley.codec.spi.RejectedRequest;
import dev.parley.codec.spi.Request;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Ticker;

import java.io.IOException;
import java.util.ArrayDeque;

/**
 * The last handler of a server pipeline: one per connection. Owns the session's lifecycle (connection limit,
 * greeting, idle timeout, graceful drain, logging) and its read pausing; hands requests and body chunks to the
 * {@link RequestRouter}, replies to the {@link ReplyQueue}.
 *
 * <p>Before it starts a request it checks, in O(1), the connection's budgets: {@link Limits#maxOutstanding()}
 * unanswered requests, {@link Limits#maxRunningRequests()} requests running (blocking, async, streamed bodies) and
 * {@link Limits#maxPendingReplyBytes()} reply bytes held unsent ({@link ReplyQueue#heldBytes()}), and, once it has a
 * request running, the blocking executor's {@link Limits#blockingReserve() reserve}. Over any of them it
 * stops reading and holds back whatever the current read still delivers (the rest of the batch the framing decoded),
 * to handle it in order once replies have gone out or work has finished: a client that pipelines without reading
 * cannot make the server start more work, or hold more replies, than the limits, however much one read holds. Body
 * chunks of a request already started are not held back (its body limits pace them).
 *
 * <p>A framing violation (a {@link FramingException} other than the end of input: a malformed block count, a line
 * over the limit under the close policy) is answered {@code BYE PROTOCOL <message>} in its place in the reply order,
 * after the replies of the requests before it; the framing has already discarded everything after it, and the
 * connection closes once the {@code BYE} is written.
 */
final class SessionHandler extends ChannelInboundHandlerAdapter {

    static final int PAUSE_HELD = 1;
    static final int PAUSE_WRITABILITY = 2;
    static final int PAUSE_BODY = 4;
    static final int PAUSE_CLOSING = 8;

    private final ServerContext context;
    private final boolean tls;
    private final int maxOutstanding;
    private final int maxRunning;
    private final long maxHeldBytes;
    private ChannelHandlerContext ctx;
    private ServerSession session;
    private SessionLog log;
    private ReplyQueue queue;
    private RequestRouter router;
    private volatile int paused;
    /** Messages received while a limit holds, in order; null when nothing is held back. */
    private ArrayDeque<Object> held;
    private boolean releaseScheduled;
    private boolean admitted;
    private boolean draining;
    /** The client shut its side down (EOF): answer what was received, then close. */
    private boolean inputEnded;
    private boolean counted;
    /** The server's observer, or null when none is set. */
    private final Observing observing;

    SessionHandler(ServerContext context, boolean tls) {
        this.context = context;
        this.tls = tls;
        this.maxOutstanding = context.limits().maxOutstanding();
        this.maxRunning = context.limits().maxRunningRequests();
        this.maxHeldBytes = context.limits().maxPendingReplyBytes();
        this.observing = context.observing();
    }

    ServerContext context() {
        return context;
    }

    io.netty.buffer.ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    ServerSession session() {
        return session;
    }

    /** @return the clock of this session's event loop */
    Ticker ticker() {
        return ctx.executor().ticker();
    }

    /** @return the log of this session: repeats collapsed, rate-bounded with all other sessions */
    SessionLog log() {
        return log;
    }

    /** @return the connection's channel (diagnostics and tests) */
    io.netty.channel.Channel channel() {
        return ctx.channel();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.session = new ServerSession(ctx.channel(), context.options().authenticator() != null);
        this.log = new SessionLog(context.logBudget(), ctx.executor().ticker(), session.id());
        this.queue = new ReplyQueue(ctx, this, tls, context.blocking(), context.limits().maxOpenFiles());
        this.router = new RequestRouter(context, this, queue,
                new Dispatcher(context, this, queue, ctx.channel().eventLoop()));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        counted = true;
        int n = context.connections().incrementAndGet();
        context.sessions().add(this);
        if (context.draining()) {
            refused(Failure.SHUTTING_DOWN);
            queue.reply(context.closing(Failure.SHUTTING_DOWN, "the server is shutting down"));
        } else if (n > context.limits().maxConnections()) {
            log.warn("PS003", "", "PS003 connection from {} refused: {} connections (expected: <= {}); BYE BUSY",
                    ctx.channel().remoteAddress(), n, context.limits().maxConnections());
            refused(Failure.BUSY);
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
                log.warn("PS013", "connected", "PS013 connected hook failed on session {}", session.id(), e);
            }
            Object hello = context.options().greeting().greet(session);
            if (hello != null) {
                ctx.writeAndFlush(hello, ctx.voidPromise());
            }
        }
        ctx.fireChannelActive();
    }

    private void refused(Failure code) {
        if (observing != null) {
            observing.connectionRefused(ctx.channel().remoteAddress(), code);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        queue.readStarted();
        if (held != null) {
            held.addLast(msg);
            heldBack(msg);
        } else if (!(msg instanceof BlockChunk) && overLimit()) {
            held = new ArrayDeque<>();
            held.addLast(msg);
            heldBack(msg);
            pauseReading(PAUSE_HELD);
        } else {
            handle(msg);
        }
    }

    private void heldBack(Object msg) {
        if (observing != null && (msg instanceof Request || msg instanceof RejectedRequest)) {
            observing.requestHeld(session);
        }
    }

    /**
     * Whether a new request must wait: too many unanswered or running, too many reply bytes held, or a request
     * already running while the blocking executor is down to its reserve. O(1). Each of these ends with work of this
     * connection finishing or its client reading, which looks again.
     */
    private boolean overLimit() {
        int running = queue.running();
        return queue.size() >= maxOutstanding || running >= maxRunning || queue.heldBytes() > maxHeldBytes
                || running > 0 && context.blockingReserveReached();
    }

    private void handle(Object msg) {
        if (queue.closing()) {
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof Request) {
            session.requestReceived();
            router.request((Request) msg);
        } else if (msg instanceof BlockChunk) {
            router.chunk((BlockChunk) msg);
        } else if (msg instanceof RejectedRequest) {
            session.requestReceived();
            router.malformed((RejectedRequest) msg);
        } else if (msg instanceof FramingViolation) {
            queue.reply(((FramingViolation) msg).bye);
        } else {
            log.warn("PS014", msg.getClass().getName(), "PS014 unexpected inbound message on session {}: {}",
                    session.id(),
                    msg.getClass().getName());
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        queue.readComplete();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            resumeReading(PAUSE_WRITABILITY);
            queue.writabilityChanged();
            releaseHeldIfRoom();
        } else {
            pauseReading(PAUSE_WRITABILITY);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            // A client that writes its requests and then shuts its output down (printf ... | nc) still reads the
            // replies: the server answers everything received, then closes.
            inputEnded = true;
            closeIfInputEndedAndAnswered();
            return;
        }
        if (evt instanceof IdleStateEvent && ((IdleStateEvent) evt).state() == IdleState.READER_IDLE) {
            if (queue.isEmpty() && !router.bodyInProgress() && !queue.closing()) {
                RunningServer.LOG.debug("PS004 session {} idle for {}: BYE IDLE", session.id(),
                        context.limits().idleTimeout());
                queue.reply(context.closing(Failure.IDLE, "no request for " + context.limits().idleTimeout()
                        .toSeconds() + " s"));
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof FramingException && !(cause instanceof TruncatedInputException)) {
            framingViolation((FramingException) cause);
            return;
        }
        if (cause instanceof TruncatedInputException) {
            RunningServer.LOG.debug("PS015 session {}: {}", session.id(), cause.getMessage());
        } else if (cause instanceof IOException) {
            log.warn("PS006", cause.getClass().getName(), "PS006 socket error on session {}: {}: {}", session.id(),
                    cause.getClass().getName(), cause.getMessage());
        } else {
            log.warn("PS006", cause.getClass().getName(), "PS006 error on session {}: {}: {}; closing", session.id(),
                    cause.getClass().getName(), cause.getMessage(), cause);
        }
        ctx.close();
    }

    /**
     * The framing failed for good and decodes nothing more: {@code BYE PROTOCOL} after whatever came before it,
     * held-back messages included, and no more reading meanwhile.
     */
    private void framingViolation(FramingException cause) {
        RunningServer.LOG.info("PS040 framing violation on session {} from {}: {}; BYE PROTOCOL", session.id(),
                ctx.channel().remoteAddress(), cause.getMessage());
        pauseReading(PAUSE_CLOSING);
        FramingViolation violation = new FramingViolation(context.closing(Failure.PROTOCOL, cause.getMessage()));
        if (held != null) {
            held.addLast(violation);
        } else {
            handle(violation);
        }
    }

    /** A framing violation's place among held-back messages. */
    private static final class FramingViolation {
        final Reply bye;

        FramingViolation(Reply bye) {
            this.bye = bye;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (counted) {
            context.connections().decrementAndGet();
        }
        router.closed();
        releaseHeld();
        queue.closeAll();
        if (admitted) {
            RunningServer.LOG.debug("PS002 connection closed: session {} after {} requests, {} errors", session.id(),
                    session.requests(), session.errors());
            if (observing != null) {
                observing.connectionClosed(session);
            }
            try {
                context.options().listener().onDisconnected(session);
            } catch (RuntimeException e) {
                log.warn("PS013", "closed", "PS013 closed hook failed on session {}", session.id(), e);
            }
        }
        log.closed();
        context.removed(this);
        ctx.fireChannelInactive();
    }

    /** Called by the queue whenever replies or running requests change (unanswered count {@code n}). */
    void outstandingChanged(int n) {
        session.outstanding(n);
        releaseHeldIfRoom();
        closeIfInputEndedAndAnswered();
        if (n == 0 && draining && held == null && queue.isEmpty() && !queue.closing()) {
            queue.reply(context.closing(Failure.SHUTTING_DOWN, "the server is shutting down"));
        }
    }

    private void releaseHeldIfRoom() {
        if (held != null && !releaseScheduled && !overLimit()) {
            // Not from inside the queue's bookkeeping that called us: handle the held messages as a new task.
            releaseScheduled = true;
            ctx.executor().execute(this::handleHeld);
        }
    }

    /** Handles held-back messages in order until a limit holds again; reading resumes once none are left. */
    private void handleHeld() {
        if (held == null) {
            releaseScheduled = false;
            return;
        }
        // Still marked scheduled while it runs: the queue's callbacks from the requests handled here need no new round.
        queue.readStarted();
        Object msg;
        while (held != null && (msg = held.peekFirst()) != null && (msg instanceof BlockChunk || !overLimit())) {
            held.pollFirst();
            handle(msg);
        }
        releaseScheduled = false;
        if (held != null && held.isEmpty()) {
            held = null;
            resumeReading(PAUSE_HELD);
            if (draining && queue.isEmpty() && !queue.closing() && !router.bodyInProgress()) {
                queue.reply(context.closing(Failure.SHUTTING_DOWN, "the server is shutting down"));
            }
        }
        queue.readComplete();
        closeIfInputEndedAndAnswered();
    }

    /** Once the client's input has ended and every request received is answered and written: closes. */
    private void closeIfInputEndedAndAnswered() {
        if (inputEnded && queue.isEmpty() && held == null && !queue.closing() && !router.bodyInProgress()
                && ctx.channel().isOpen()) {
            queue.readComplete();
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The connection closed: drops what was held back. */
    private void releaseHeld() {
        if (held != null) {
            for (Object msg : held) {
                ReferenceCountUtil.release(msg);
            }
            held = null;
        }
    }

    /** Called by the queue once a reply that ends the connection is written. */
    void closingStarted() {
        pauseReading(PAUSE_CLOSING);
    }

    void pauseReading(int reason) {
        int old = paused;
        paused = old | reason;
        if (old == 0) {
            ctx.channel().config().setAutoRead(false);
            RunningServer.LOG.debug("PS012 session {} stops reading (reason {})", session.id(), reason);
        }
    }

    void resumeReading(int reason) {
        int old = paused;
        if ((old & reason) == 0) {
            return;
        }
        paused = old & ~reason;
        if (paused == 0) {
            RunningServer.LOG.debug("PS012 session {} reads again", session.id());
            ctx.channel().config().setAutoRead(true);
        }
    }

    boolean readPaused(int reason) {
        return (paused & reason) != 0;
    }

    /** Any thread: finish what was received, then {@code BYE SHUTDOWN}. */
    void drain() {
        ctx.channel().eventLoop().execute(() -> {
            draining = true;
            pauseReading(PAUSE_CLOSING);
            if (queue.isEmpty() && held == null && !queue.closing() && !router.bodyInProgress()) {
                queue.reply(context.closing(Failure.SHUTTING_DOWN, "the server is shutting down"));
            }
        });
    }

    /** Any thread: close now. */
    void forceClose() {
        ctx.channel().close();
    }
}
