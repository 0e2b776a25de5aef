package dev.parley.testkit.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;

import java.util.ArrayDeque;

/**
 * The client's end of a {@link ServerHarness} connection, as a socket would deliver it: bytes sent wait while the
 * server does not read (auto-read off, no read asked for) and go in one read per send once it does; the end of input
 * comes after the last of them; once the server has closed, what is still waiting is discarded.
 */
final class ClientSide {

    private final EmbeddedChannel channel;
    private final ArrayDeque<ByteBuf> unread = new ArrayDeque<>();
    private final ReadRequests reads = new ReadRequests();
    private boolean inputClosed;
    private boolean inputShutdownFired;

    ClientSide(EmbeddedChannel channel) {
        this.channel = channel;
        channel.pipeline().addFirst("harness-socket", reads);
    }

    /** Queues one read's worth of bytes; the harness owns them. */
    void send(ByteBuf bytes) {
        unread.addLast(bytes);
    }

    /** Ends the input after what is queued. */
    void closeInput() {
        inputClosed = true;
    }

    boolean inputClosed() {
        return inputClosed;
    }

    /** Delivers one waiting read, or the end of input, if the server reads; @return whether it did. */
    boolean deliver() {
        if (!channel.isOpen()) {
            discard();
            return false;
        }
        if (channel.config().isAutoRead()) {
            // Reading: a read asked for earlier is this one; one asked for while paused is still to come.
            reads.requested = false;
        } else if (!reads.requested) {
            return false;
        }
        ByteBuf next = unread.pollFirst();
        if (next != null) {
            reads.requested = false;
            channel.writeInbound(next);
            return true;
        }
        if (inputClosed && !inputShutdownFired) {
            inputShutdownFired = true;
            channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
            channel.pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
            return true;
        }
        return false;
    }

    /** Releases what the server will never read. */
    void discard() {
        ByteBuf b;
        while ((b = unread.pollFirst()) != null) {
            b.release();
        }
    }

    /** At the head of the pipeline, where the socket is: notes when the server asks for a read while paused. */
    private static final class ReadRequests extends ChannelOutboundHandlerAdapter {
        boolean requested;

        @Override
        public void read(ChannelHandlerContext ctx) {
            requested = true;
            ctx.read();
        }
    }
}
