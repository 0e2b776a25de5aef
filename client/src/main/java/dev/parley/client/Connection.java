package dev.parley.client;

import dev.parley.client.spi.BodyTarget;
import dev.parley.client.spi.ReplyAssembler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;

import javax.net.ssl.SSLException;
import java.io.IOException;

import static dev.parley.client.ParleyClient.LOG;

/**
 * One TCP connection of a session, the last handler of its pipeline: it checks the greeting, writes requests
 * (through its {@link RequestWriter}),
 * matches replies to the {@link InflightQueue} by order, and reports everything else (garbage, resets, end of
 * stream) to its {@link DefaultSession}, which owns every decision about retries and reconnects.
 */
final class Connection extends ChannelInboundHandlerAdapter {

    /**
     * The connection's life cycle; only this class moves it, through {@link #greetingStarted}, {@link #setupStarted},
     * {@link #ready} and {@link #connectFailed} (and to {@code CLOSED} when the channel goes inactive).
     */
    private enum State { CONNECTING, GREETING, SETUP, READY, CLOSED }

    /** Where the body of a late reply goes: nowhere. */
    private static final BodyTarget DISCARD = new Discarding(null);

    /** Where the late reply of an abandoned request goes: nowhere, the request still known to the assembler. */
    private static BodyTarget discarding(Request request) {
        return request == null ? DISCARD : new Discarding(request);
    }

    private record Discarding(Request request) implements BodyTarget {
        @Override
        public void begin(Reply head, long length) {
        }

        @Override
        public void chunk(io.netty.buffer.ByteBuf chunk) {
        }
    }

    final DefaultSession session;
    final int number;
    final InflightQueue inflight = new InflightQueue();
    /** Created with the first streamed call: a connection that only aggregates replies never pauses. */
    InboundGate gate;
    private final ReplyAssembler assembler;
    private final RequestWriter writer;

    private State state = State.CONNECTING;
    ChannelHandlerContext ctx;
    private long greetingDeadline;
    private long lastRead;
    /** When the timer must next look at the in-flight attempts' deadlines (see {@link ReplyDispatch#sweepInflight}). */
    private long nextAttemptCheck = Long.MAX_VALUE;
    private boolean keepaliveOutstanding;
    private boolean everReady;
    private boolean tlsFailed;
    private ParleyClientException closeCause;

    Connection(DefaultSession session, int number, ReplyAssembler assembler, boolean tls, byte[] bodyTrailer) {
        this.session = session;
        this.number = number;
        this.assembler = assembler;
        this.writer = new RequestWriter(this, tls, bodyTrailer);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        writer.discard();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        lastRead = session.now();
        session.connector.onActive(this);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        session.readStarted();
        if (gate != null && !gate.isOpen()) {
            gate.hold(msg);
            return;
        }
        dispatch(msg);
    }

    /** Matches one inbound message to the head of the in-flight queue; called directly or when a pause ends. */
    void dispatch(Object msg) {
        if (state == State.GREETING) {
            session.connector.onGreeting(this, msg);
            return;
        }
        if (state == State.CLOSED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (inflight.isEmpty()) {
            onUnsolicited(msg);
            return;
        }
        Call head = inflight.peek();
        Reply reply;
        try {
            reply = assembler.onMessage(msg, head == null ? discarding(inflight.headAbandonedRequest()) : head);
        } catch (SinkFailure e) {
            session.replies.failSink(this, head, e.getCause());
            return;
        } catch (Exception e) {
            protocolError(e);
            return;
        }
        if (reply == null) {
            return;
        }
        if (reply.status() == Reply.Status.BYE) {
            session.replies.onGoodbye(this, reply);
            return;
        }
        long id = inflight.peekId();
        inflight.poll();
        if (head == null) {
            LOG.debug("C241 [{}] late reply to abandoned request #{} dropped: {}", session.name(), id, reply);
            return;
        }
        session.replies.onReply(this, head, reply);
        liftIfLeft();
        session.pumpEarly(this);
    }

    /**
     * A message while nothing is outstanding: {@code BYE} is allowed at any time (a server shutting down or closing an
     * idle session says so); anything else is a protocol violation.
     */
    private void onUnsolicited(Object msg) {
        Reply reply;
        try {
            reply = assembler.onMessage(msg, DISCARD);
        } catch (Exception e) {
            protocolError(e);
            return;
        }
        if (reply == null) {
            return;
        }
        if (reply.status() == Reply.Status.BYE) {
            session.replies.onGoodbye(this, reply);
            return;
        }
        protocolError(new DecoderException("unsolicited message with no request outstanding: " + reply));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        lastRead = session.now();
        // The requests that the replies of this read made room for (or that their callbacks sent) go out as one
        // batch with one flush, not one flush per reply.
        session.pump();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent && !((SslHandshakeCompletionEvent) evt).isSuccess()) {
            session.connector.onTlsFailure(this, ((SslHandshakeCompletionEvent) evt).cause());
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
            session.connector.onTlsFailure(this, cause.getCause());
        } else if (cause instanceof DecoderException && state == State.GREETING) {
            session.connector.onGreetingError(this, cause);
        } else if (cause instanceof DecoderException) {
            protocolError(cause);
        } else if (cause instanceof IOException) {
            LOG.warn("C131 [{}] socket error on connection #{}: {}: {}", session.name(), number,
                    cause.getClass().getSimpleName(), cause.getMessage());
            close(new ConnectionLostException(Progress.UNKNOWN, "socket error: " + cause.getClass().getSimpleName()
                    + ": " + cause.getMessage(), cause));
        } else {
            LOG.warn("C132 [{}] unexpected failure on connection #{}", session.name(), number, cause);
            close(new ConnectionLostException(Progress.UNKNOWN, "unexpected failure: " + cause, cause));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ParleyClientException cause = closeCause != null ? closeCause
                : new ConnectionLostException(Progress.UNKNOWN, "connection closed by the peer", null);
        closeCause = cause;
        if (gate != null) {
            gate.discard();
        }
        writer.discard();
        if (state != State.CLOSED) {
            state = State.CLOSED;
            session.onClosed(this, cause);
        }
        ctx.fireChannelInactive();
    }

    private void protocolError(Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        LOG.warn("C140 [{}] protocol violation on connection #{}: {}; closing to resync", session.name(), number,
                cause.getMessage());
        session.replies.onProtocolError(this, cause);
        close(new ConnectionLostException(Progress.UNKNOWN, "protocol violation: " + cause.getMessage(), cause));
    }

    /** Closes the connection; the session hears of it through {@link #channelInactive}. */
    void close(ParleyClientException cause) {
        if (closeCause == null) {
            closeCause = cause;
        }
        if (ctx != null) {
            ctx.channel().close();
        }
    }

    boolean isReady() {
        return state == State.READY;
    }

    /** The connect attempt failed: the channel never became active. */
    void connectFailed() {
        state = State.CLOSED;
    }

    /** The channel is active and the peer must greet by a deadline (on the session's clock). */
    void greetingStarted(long deadline) {
        state = State.GREETING;
        greetingDeadline = deadline;
        session.wakeBy(deadline);
    }

    /** @return whether the peer was to greet by now and has not */
    boolean greetingOverdue(long now) {
        return state == State.GREETING && now >= greetingDeadline;
    }

    /** The greeting passed (or none is expected): authentication and the on-connect hook run now. */
    void setupStarted() {
        state = State.SETUP;
    }

    /** @return whether authentication and the on-connect hook are running */
    boolean inSetup() {
        return state == State.SETUP;
    }

    /** @return whether the greeting passed: a failure now breaks an established stream, not a handshake */
    boolean pastGreeting() {
        return state == State.SETUP || state == State.READY;
    }

    /** The setup succeeded: the queue's requests may be written. */
    void ready() {
        state = State.READY;
        everReady = true;
        session.rearm();
    }

    /** @return whether the connection was ever ready (its loss is a disconnect, not a failed attempt) */
    boolean wasEverReady() {
        return everReady;
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    /** @return {@code true} the first time a TLS failure is reported on this connection, {@code false} after */
    boolean firstTlsFailure() {
        if (tlsFailed) {
            return false;
        }
        tlsFailed = true;
        return true;
    }

    /** @return whether an in-flight attempt's deadline may have passed by now */
    boolean attemptCheckDue(long now) {
        return now >= nextAttemptCheck;
    }

    /** The timer looked at every attempt: the next look is due at the earliest remaining attempt deadline. */
    void attemptsChecked(long nextDeadline) {
        nextAttemptCheck = nextDeadline;
    }

    /** Ends a pause whose call left the connection (see {@link InboundGate#liftIfLeft}). */
    void liftIfLeft() {
        if (gate != null) {
            gate.liftIfLeft();
        }
    }

    /** @return the body bytes held while paused */
    long heldBytes() {
        return gate == null ? 0 : gate.heldBytes();
    }

    /** Reading goes on (a paused stream resumed): silence is measured from now. */
    void readResumed(long now) {
        lastRead = now;
        session.rearm();
    }

    /**
     * When the session's timer must next look at this connection: the greeting deadline, the earliest in-flight
     * attempt deadline, the stall limit of an abandoned head, and the moment silence would call for a keepalive
     * (from the last read; a read since only moves it later, so the timer fires, finds nothing due and sets itself
     * again for the new moment).
     *
     * @param stallNanos the stall limit
     * @param idleNanos the keepalive idle time, or {@code <= 0} when no keepalive is sent
     * @return the time on the session's clock, or {@link Long#MAX_VALUE} for never
     */
    long nextDue(long stallNanos, long idleNanos) {
        if (state == State.GREETING) {
            return Math.min(greetingDeadline, nextAttemptCheck);
        }
        long next = nextAttemptCheck;
        if (state == State.READY) {
            long abandonedAt = inflight.headAbandonedAt();
            if (abandonedAt != 0) {
                next = Math.min(next, abandonedAt + stallNanos);
            }
            if (idleNanos > 0 && !keepaliveOutstanding && (gate == null || !gate.isPaused())) {
                next = Math.min(next, lastRead + idleNanos);
            }
        }
        return next;
    }

    /**
     * Starts a keepalive when the connection has been silent for {@code idleNanos} and none is outstanding; a paused
     * stream reads nothing on purpose, so it never counts as silence.
     *
     * @return whether the caller is to send a keepalive now; it calls {@link #keepaliveEnded} when it ends
     */
    boolean keepaliveDue(long now, long idleNanos) {
        if (keepaliveOutstanding || (gate != null && gate.isPaused()) || now - lastRead < idleNanos) {
            return false;
        }
        keepaliveOutstanding = true;
        return true;
    }

    void keepaliveEnded() {
        keepaliveOutstanding = false;
        session.rearm();
    }

    /** @return whether the channel is still open (not yet inactive) */
    boolean isOpen() {
        return state != State.CLOSED && ctx != null && ctx.channel().isActive();
    }

    /**
     * Writes a request (and its body) without flushing and puts it in the in-flight queue.
     *
     * @return {@code false} when the request could not be written; the call was failed
     */
    boolean write(Call call, long now, long attemptNanos) {
        Object body;
        try {
            body = writer.openBody(call.request);
        } catch (IOException e) {
            session.replies.fail(call, new ParleyClientException("BODY_UNREADABLE", false, call.progress,
                    call + ": cannot read the body: " + e.getMessage(), e));
            return false;
        }
        call.attempts++;
        call.resetBody();
        if (call.sink != null && gate == null) {
            gate = new InboundGate(this);
        }
        call.control = call.sink == null ? null : gate.controlFor(call);
        long attemptDeadline = attemptNanos > 0 ? Math.min(call.deadline, now + attemptNanos) : call.deadline;
        call.attemptDeadline = attemptDeadline;
        if (attemptDeadline < nextAttemptCheck) {
            nextAttemptCheck = attemptDeadline;
            session.wakeBy(attemptDeadline);
        }
        inflight.add(call);
        writer.write(call, body);
        return true;
    }

    /** Writes what is batched and flushes. */
    void flush() {
        writer.flush();
    }

    /** Thrown by {@link Call} when the caller's sink fails, to tell it from a protocol violation. */
    static final class SinkFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SinkFailure(Throwable cause) {
            super(cause);
        }
    }
}
