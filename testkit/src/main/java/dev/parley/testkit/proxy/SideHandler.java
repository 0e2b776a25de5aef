package dev.parley.testkit.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one handler on each side of a proxied connection: hands what it reads to the flow leaving this side, tells
 * the flow arriving at this side when this side's writability changes, and turns an end of input or a close into
 * the flows' ends.
 */
final class SideHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger("parley.proxy");

    private final ProxyConnection connection;
    private final Flow leaving;
    private final Flow arriving;
    private final boolean clientSide;

    SideHandler(ProxyConnection connection, Flow leaving, Flow arriving, boolean clientSide) {
        this.connection = connection;
        this.leaving = leaving;
        this.arriving = arriving;
        this.clientSide = clientSide;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (clientSide) {
            connection.start();
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf) {
            leaving.receive((ByteBuf) msg);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        arriving.updateAutoRead();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            leaving.sourceEnded(false);
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        try {
            leaving.sourceEnded(true);
        } finally {
            // Whatever happens to the end passed on (a loop shutting down refuses new timers), what was on its way
            // to this side is released.
            arriving.abort();
            ctx.fireChannelInactive();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("{} side {}: {}", clientSide ? "client" : "upstream", ctx.channel().remoteAddress(),
                cause.toString());
        ctx.close();
    }
}
