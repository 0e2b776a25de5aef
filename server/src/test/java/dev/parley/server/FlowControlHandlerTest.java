package dev.parley.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.flow.FlowControlHandler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Why the session holds requests back itself ({@link HoldBack}) instead of behind Netty's {@link FlowControlHandler}:
 * these are the semantics the session needs and the handler does not give. If Netty changes them, this fails, and
 * the choice is worth making again.
 */
class FlowControlHandlerTest {

    /** Stops reading at the first message, as a session whose budget holds would, and records what reaches it. */
    private static final class Session extends ChannelInboundHandlerAdapter {
        final List<Object> seen = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            seen.add(msg);
            ctx.channel().config().setAutoRead(false);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            seen.add(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            seen.add(cause.getMessage());
        }
    }

    /** Counts the reads that get past the flow control handler to the socket. */
    private static final class SocketReads extends ChannelOutboundHandlerAdapter {
        int reads;

        @Override
        public void read(ChannelHandlerContext ctx) {
            reads++;
            ctx.read();
        }
    }

    @Test
    void aFramingViolationOvertakesTheRequestsItHolds() {
        Session session = new Session();
        EmbeddedChannel ch = new EmbeddedChannel(new FlowControlHandler(), session);
        ch.writeInbound("req 1", "req 2", "req 3");
        ch.pipeline().fireExceptionCaught(new IllegalStateException("violation"));
        // HoldBack answers req 2 and req 3 before the BYE PROTOCOL of the violation decoded after them.
        assertEquals(List.of("req 1", "violation"), session.seen);
        ch.finishAndReleaseAll();
    }

    @Test
    void theEndOfInputOvertakesTheRequestsItHolds() {
        Session session = new Session();
        EmbeddedChannel ch = new EmbeddedChannel(new FlowControlHandler(), session);
        ch.writeInbound("req 1", "req 2");
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        // A half-closed connection would look answered, and close, with req 2 never handled.
        assertEquals(List.of("req 1", ChannelInputShutdownEvent.INSTANCE), session.seen);
        ch.finishAndReleaseAll();
    }

    @Test
    void takingWhatIsHeldAlsoReadsTheSocket() {
        SocketReads socket = new SocketReads();
        Session session = new Session();
        EmbeddedChannel ch = new EmbeddedChannel(socket, new FlowControlHandler(), session);
        ch.writeInbound("req 1", "req 2", "req 3");
        int before = socket.reads;
        ch.read();
        ch.read();
        assertEquals(List.of("req 1", "req 2", "req 3"), session.seen);
        assertEquals(before, socket.reads, "held messages are handed out without a socket read");
        // Draining (or closing after a violation) must finish what was received and read nothing new, but the read
        // that would find nothing more held goes to the socket: the session cannot tell the two apart.
        ch.read();
        assertEquals(before + 1, socket.reads);
        ch.finishAndReleaseAll();
    }

    @Test
    void everyPauseHoldsTheRestOfTheRead() {
        // A session that stops reading for a reason other than a budget (a slow reader, a streamed body's sink) keeps
        // handling what the current read delivered; behind the flow control handler, auto-read is the one switch.
        EmbeddedChannel ch = new EmbeddedChannel(new FlowControlHandler(), new Session());
        Session session = (Session) ch.pipeline().last();
        ch.writeInbound("chunk 1", "chunk 2");
        assertEquals(List.of("chunk 1"), session.seen);
        ch.finishAndReleaseAll();
    }
}
