package dev.parley.codec.pipeline;

import dev.parley.codec.framing.FrameDecoder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Ticker;

import java.util.concurrent.TimeUnit;

/**
 * Read idle detection that stays off the per-message path: fires {@link IdleStateEvent#FIRST_READER_IDLE_STATE_EVENT}
 * and then {@link IdleStateEvent#READER_IDLE_STATE_EVENT} when no complete frame was decoded for the read idle time,
 * exactly like Netty's {@code IdleStateHandler} placed after the framing, but by comparing
 * {@link FrameDecoder#framesDecoded()} once per read batch instead of seeing every frame go by. It handles neither
 * {@code channelRead} nor {@code write}, so Netty skips it for each request and each reply.
 *
 * <p>Used by {@link ParleyPipeline} when only a read idle time is set. One instance per channel.
 */
final class ReadIdleHandler extends ChannelInboundHandlerAdapter {

    private final FrameDecoder framing;
    private final long idleNanos;
    private ChannelHandlerContext ctx;
    private Ticker ticker;
    private Future<?> timeout;
    private long lastReadTime;
    private long lastFrames;
    private boolean firstEvent = true;
    /** 0: not started, 1: started, 2: stopped. */
    private int state;

    ReadIdleHandler(FrameDecoder framing, long idleNanos) {
        this.framing = framing;
        this.idleNanos = idleNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            start(ctx);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
        ctx.fireChannelRegistered();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        long frames = framing.framesDecoded();
        if (frames != lastFrames && state == 1) {
            lastFrames = frames;
            lastReadTime = ticker.nanoTime();
            firstEvent = true;
        }
        ctx.fireChannelReadComplete();
    }

    private void start(ChannelHandlerContext ctx) {
        if (state != 0) {
            return;
        }
        state = 1;
        this.ctx = ctx;
        this.ticker = ctx.executor().ticker();
        lastFrames = framing.framesDecoded();
        lastReadTime = ticker.nanoTime();
        schedule(idleNanos);
    }

    private void stop() {
        state = 2;
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    private void schedule(long delayNanos) {
        timeout = ctx.executor().schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        if (state != 1 || !ctx.channel().isOpen()) {
            return;
        }
        long next = idleNanos - (ticker.nanoTime() - lastReadTime);
        if (next > 0) {
            schedule(next);
            return;
        }
        schedule(idleNanos);
        IdleStateEvent event = firstEvent ? IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT
                : IdleStateEvent.READER_IDLE_STATE_EVENT;
        firstEvent = false;
        ctx.fireUserEventTriggered(event);
    }
}
