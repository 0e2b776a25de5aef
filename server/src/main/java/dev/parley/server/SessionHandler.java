package dev.parley.server;

import dev.parley.codec.framing.BlockChunk;
import dev.parley.codec.framing.FramingException;
import dev.parley.codec.framing.TruncatedInputException;
import dev.parley.codec.spi.Failure;
import dev.parley.codec.spi.RejectedRequest;
import dev.parley.codec.spi.Request;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Ticker;

import java.io.IOException;

/**
 * The last handler of a server pipeline: one per connection. Turns the channel's events into the session's parts and
 * hands requests and body chunks to the {@link RequestRouter}, replies to the {@link ReplyQueue}. Each concern owns
 * its state in a class of its own:
 * <ul>
 * <li>{@link Admission}: the connection limit, refusal, greeting and the connected and closed hooks;</li>
 * <li>{@link HoldBack}: the connection's budgets, checked before each request, and the requests held while one
 * holds;</li>
 * <li>{@link ReadPause}: why the socket is not read now (held requests, writability, a streamed body, closing);</li>
 * <li>{@link SessionEnd}: {@code BYE IDLE}, draining for shutdown and closing after the client's end of input.</li>
 * </ul>
 *
 * <p>A framing violation (a {@link FramingException} other than the end of input: a malformed block count, a line
 * over the limit under the close policy) is answered {@code BYE PROTOCOL <message>} in its place in the reply order,
 * after the replies of the requests before it, held-back ones included; the framing has already discarded everything
 * after it, and the connection closes once the {@code BYE} is written.
 */
final class SessionHandler extends ChannelInboundHandlerAdapter {

    private final ServerContext context;
    private final boolean tls;
    private final Admission admission;
    private ChannelHandlerContext ctx;
    private ServerSession session;
    private SessionLog log;
    private ReplyQueue queue;
    private RequestRouter router;
    private ReadPause pause;
    private HoldBack held;
    private SessionEnd end;
    /** The class of the last request handled, compared before the interface check in {@link #isRequest}. */
    private Class<?> requestClass;

    SessionHandler(ServerContext context, boolean tls) {
        this.context = context;
        this.tls = tls;
        this.admission = new Admission(context);
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

    /** @return why the session does not read now */
    ReadPause pause() {
        return pause;
    }

    /** @return what the session holds back (tests) */
    HoldBack held() {
        return held;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.session = new ServerSession(ctx.channel(), context.options().authenticator() != null);
        this.log = new SessionLog(context.logBudget(), ctx.executor().ticker(), session.id());
        this.pause = new ReadPause(ctx.channel().config(), session.id());
        this.queue = new ReplyQueue(ctx, this, tls, context.blocking(), context.limits().maxOpenFiles());
        this.router = new RequestRouter(context, this, queue,
                new Dispatcher(context, this, queue, ctx.channel().eventLoop()));
        this.held = new HoldBack(context, queue, pause, ctx.executor(), session, this);
        this.end = new SessionEnd(context, ctx, queue, router, held, pause, session);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        admission.opened(ctx, this, queue);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        queue.readStarted();
        if (!held.offer(msg)) {
            handle(msg);
        }
    }

    /**
     * Whether a message is a request, comparing its class with the last request's first: a protocol sends one request
     * class, and the interface check it saves misses the JVM's type cache when this site also sees body chunks (see
     * {@link dev.parley.codec.spi.PlainMessage}).
     */
    private boolean isRequest(Object msg) {
        Class<?> type = msg.getClass();
        if (type == requestClass) {
            return true;
        }
        if (msg instanceof Request) {
            requestClass = type;
            return true;
        }
        return false;
    }

    void handle(Object msg) {
        if (queue.closing()) {
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof BlockChunk) {
            router.chunk((BlockChunk) msg);
        } else if (isRequest(msg)) {
            session.requestReceived();
            router.request((Request) msg);
        } else if (msg instanceof RejectedRequest) {
            session.requestReceived();
            router.malformed((RejectedRequest) msg);
        } else if (msg instanceof FramingViolation) {
            queue.reply(((FramingViolation) msg).bye);
        } else {
            log.warn("PS014", msg.getClass().getName(), "PS014 unexpected inbound message on session {}: {}",
                    session.id(), msg.getClass().getName());
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
            pause.resume(ReadPause.Reason.WRITABILITY);
            queue.writabilityChanged();
            held.releaseIfRoom();
        } else {
            pause.pause(ReadPause.Reason.WRITABILITY);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            end.inputEnded();
            return;
        }
        if (evt instanceof IdleStateEvent && ((IdleStateEvent) evt).state() == IdleState.READER_IDLE) {
            end.idle();
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
        pause.pause(ReadPause.Reason.CLOSING);
        FramingViolation violation = new FramingViolation(context.closing(Failure.PROTOCOL, cause.getMessage()));
        if (!held.offerInOrder(violation)) {
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
        admission.uncount();
        router.closed();
        held.discard();
        queue.closeAll();
        admission.closed(this);
        log.closed();
        context.removed(this);
        ctx.fireChannelInactive();
    }

    /** Called by the queue whenever replies or running requests change (unanswered count {@code n}). */
    void outstandingChanged(int n) {
        session.outstanding(n);
        held.releaseIfRoom();
        end.outstandingChanged(n);
    }

    void heldReleased() {
        end.heldReleased();
    }

    /** Called by the queue once a reply that ends the connection is written. */
    void closingStarted() {
        pause.pause(ReadPause.Reason.CLOSING);
    }

    /** Any thread: finish what was received, then {@code BYE SHUTDOWN}. */
    void drain() {
        end.drain();
    }

    /** Any thread: close now. */
    void forceClose() {
        ctx.channel().close();
    }
}
