package dev.parley.client;

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

    enum State { CONNECTING, GREETING, SETUP, READY, CLOSED }

    /** Where the body of an abandoned request's late reply goes: nowhere. */
    private static final BodyTarget DISCARD = new BodyTarget() {
        @Override
        public void begin(Reply head, long length) {
        }

        @Override
        public void chunk(io.netty.buffer.ByteBuf chunk) {
        }
    };

    final DefaultSession session;
    final int number;
    final InflightQueue inflight = new InflightQueue();
    final InboundGate gate = new InboundGate(this);
    private final ReplyAssembler assembler;
    private final RequestWriter writer;

    State state = State.CONNECTING;
    ChannelHandlerContext ctx;
    long greetingDeadline;
    long lastRead;
    long nextAttemptCheck = Long.MAX_VALUE;
    boolean keepaliveOutstanding;
    boolean everReady;
    boolean tlsFailed;
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
        session.pumpFollows = true;
        if (!gate.isOpen()) {
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
            reply = assembler.onMessage(msg, head == null ? DISCARD : head);
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
        if (reply.status() == Reply.Status.GOODBYE) {
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
        gate.liftIfLeft();
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
        if (reply.status() == Reply.Status.GOODBYE) {
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
        gate.discard();
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
        call.control = call.sink == null ? null : gate.controlFor(call);
        long attemptDeadline = attemptNanos > 0 ? Math.min(call.deadline, now + attemptNanos) : call.deadline;
        call.attemptDeadline = attemptDeadline;
        nextAttemptCheck = Math.min(nextAttemptCheck, attemptDeadline);
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
