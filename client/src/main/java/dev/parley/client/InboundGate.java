package dev.parley.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

import static dev.parley.client.ParleyClient.LOG;

/**
 * Backpressure for streamed reply bodies on one {@link Connection}. When a {@link BodySink} pauses its call, the
 * gate turns the channel's auto-read off, so the socket is no longer read and TCP flow control pushes back on the
 * server; the messages already decoded from the last read are held here, in order, and the sink sees no chunk until
 * it resumes. What the client holds while paused is therefore bounded by one read (plus, with TLS, one record),
 * whatever the body's length.
 *
 * <p>A pause belongs to one call and ends when the sink resumes or when the call leaves the connection (its reply
 * completed, it failed or its deadline abandoned it), so a forgotten pause never blocks the requests behind it.
 * Runs on the connection's event loop; {@link StreamControl} calls from other threads hop onto it.
 *
 * <p>Why not Netty's {@code FlowControlHandler}: it would hold the same messages, but the rules above (a pause owned
 * by one call, lifted when that call leaves; the keepalive told that silence is on purpose; held bytes counted) would
 * still live here, and it would queue and dequeue every reply through one more pipeline stage, where the gate costs
 * one {@link #isOpen()} check per reply while nothing is paused.
 */
final class InboundGate {

    private final Connection connection;
    private final ArrayDeque<Object> held = new ArrayDeque<>(2);
    private Call pausedBy;
    private long heldBytes;

    InboundGate(Connection connection) {
        this.connection = connection;
    }

    /** @return whether inbound messages may be dispatched now: no pause, nothing held */
    boolean isOpen() {
        return pausedBy == null && held.isEmpty();
    }

    /** @return whether a sink has paused reading */
    boolean isPaused() {
        return pausedBy != null;
    }

    /** @return the body bytes held while paused (decoded from the last read, not yet given to the sink) */
    long heldBytes() {
        return heldBytes;
    }

    /** Keeps a message until the pause ends. */
    void hold(Object msg) {
        held.addLast(msg);
        heldBytes += sizeOf(msg);
    }

    /** Returns the control handed to a streamed call's sink on this connection. */
    StreamControl controlFor(Call call) {
        return new Control(call);
    }

    /** Ends a pause whose call left the connection: completed, failed or abandoned at its deadline. */
    void liftIfLeft() {
        Call p = pausedBy;
        if (p != null && (p.isDone() || connection.inflight.peek() != p)) {
            LOG.debug("C252 [{}] {} left connection #{} while paused; reading again", connection.session.name(), p,
                    connection.number);
            lift();
        }
    }

    /** Releases what is held; the connection closed. */
    void discard() {
        Object m;
        while ((m = held.poll()) != null) {
            ReferenceCountUtil.release(m);
        }
        heldBytes = 0;
        pausedBy = null;
    }

    private void pause(Call call) {
        if (pausedBy != null || call.isDone() || connection.inflight.peek() != call || !connection.isReady()) {
            return;
        }
        pausedBy = call;
        connection.ctx.channel().config().setAutoRead(false);
        LOG.debug("C250 [{}] {} paused reading on connection #{}", connection.session.name(), call,
                connection.number);
    }

    private void resume(Call call) {
        if (pausedBy != call) {
            return;
        }
        LOG.debug("C251 [{}] {} resumed reading on connection #{}", connection.session.name(), call,
                connection.number);
        lift();
    }

    /** Dispatches the held messages until a sink pauses again, then reads from the socket again if none did. */
    private void lift() {
        pausedBy = null;
        Object m;
        while (pausedBy == null && (m = held.poll()) != null) {
            heldBytes -= sizeOf(m);
            connection.dispatch(m);
        }
        if (pausedBy == null && connection.isOpen()) {
            connection.readResumed(connection.session.now());
            connection.ctx.channel().config().setAutoRead(true);
        }
        connection.session.pump();
    }

    private static long sizeOf(Object msg) {
        if (msg instanceof ByteBufHolder) {
            return ((ByteBufHolder) msg).content().readableBytes();
        }
        return msg instanceof ByteBuf ? ((ByteBuf) msg).readableBytes() : 0;
    }

    /** The {@link StreamControl} of one call on this connection; safe from any thread. */
    private final class Control implements StreamControl {
        private final Call call;

        Control(Call call) {
            this.call = call;
        }

        @Override
        public void pause() {
            ChannelHandlerContext ctx = connection.ctx;
            if (ctx.executor().inEventLoop()) {
                InboundGate.this.pause(call);
            } else {
                ctx.executor().execute(() -> InboundGate.this.pause(call));
            }
        }

        @Override
        public void resume() {
            ChannelHandlerContext ctx = connection.ctx;
            if (ctx.executor().inEventLoop()) {
                InboundGate.this.resume(call);
            } else {
                ctx.executor().execute(() -> InboundGate.this.resume(call));
            }
        }
    }
}
