package dev.parley.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A misbehaving connection cannot flood the log: repeats of one warning on one session are logged once and counted
 * in one summary when the session closes, and all sessions together are held to {@link Limits#logBurst()} lines
 * then one per {@link Limits#logInterval()}, with a count of what was left out. Sessions run on EmbeddedChannels
 * sharing one frozen clock.
 */
class SessionLogTest {

    private final MockTicker ticker = Ticker.newMockTicker();
    private final CapturedLog log = new CapturedLog();
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private ServerContext context;

    private void server(Limits limits) {
        Router router = Router.builder()
                .add(Command.query("slow").timeout(Duration.ofSeconds(1))
                        .async(call -> new java.util.concurrent.CompletableFuture<>()))
                .build();
        context = new ServerContext(ParleyServer.builder().router(router).server(s -> s.limits(limits)).build(),
                Runnable::run, () -> { });
    }

    private EmbeddedChannel connect() {
        return connect(new ChannelOutboundHandlerAdapter());
    }

    private EmbeddedChannel connect(ChannelHandler first) {
        EmbeddedChannel ch = EmbeddedChannel.builder().ticker(ticker)
                .handlers(first, new ServerInitializer(context)).build();
        channels.add(ch);
        drain(ch);
        return ch;
    }

    private static void drain(EmbeddedChannel ch) {
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            b.release();
        }
    }

    /** Holds back the first close until {@link #finish()}. */
    private static final class SlowClose extends ChannelOutboundHandlerAdapter {
        private ChannelHandlerContext ctx;
        private ChannelPromise promise;

        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
            if (this.ctx == null) {
                this.ctx = ctx;
                this.promise = promise;
            }
        }

        void finish() {
            ctx.close(promise);
        }
    }

    @AfterEach
    void tearDown() {
        for (EmbeddedChannel ch : channels) {
            ch.finishAndReleaseAll();
        }
        log.close();
    }

    @Test
    void manyIdenticalSocketErrorsOnOneSessionAreOneLinePlusOneSummaryWithTheCount() {
        server(Limits.defaults());
        // As on a reset connection with many writes queued: each failed write reports the error again before the
        // close that the first one started has finished.
        SlowClose slowClose = new SlowClose();
        EmbeddedChannel ch = connect(slowClose);
        for (int i = 0; i < 1000; i++) {
            ch.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        }
        assertTrue(log.containing("PS016").isEmpty(), "no summary before the session closes");
        slowClose.finish();
        ch.runPendingTasks();
        assertTrue(!ch.isActive());
        List<String> errors = log.containing("WARN PS006");
        assertEquals(1, errors.size(), () -> "socket error lines: " + errors.size() + ", first: " + errors.get(0));
        assertTrue(errors.get(0).contains("java.io.IOException: Connection reset by peer"), errors.get(0));
        List<String> summaries = log.containing("PS016");
        assertEquals(1, summaries.size(), () -> "summaries: " + summaries);
        assertTrue(summaries.get(0).contains("PS006") && summaries.get(0).contains("999 more times"),
                summaries.get(0));
    }

    @Test
    void repeatedTimeoutsOfOneSessionAreCollapsedToo() {
        server(Limits.defaults());
        EmbeddedChannel ch = connect();
        for (int i = 0; i < 50; i++) {
            ch.writeInbound(Unpooled.copiedBuffer("slow\n", StandardCharsets.US_ASCII));
            ticker.advance(1, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
            drain(ch);
        }
        ch.close();
        assertEquals(1, log.containing("WARN PS008").size(), () -> "timeout lines: " + log.containing("WARN PS008"));
        List<String> summaries = log.containing("PS016");
        assertEquals(1, summaries.size(), () -> "summaries: " + summaries);
        assertTrue(summaries.get(0).contains("PS008") && summaries.get(0).contains("49 more times"),
                summaries.get(0));
    }

    @Test
    void manySessionsTogetherAreHeldToTheGlobalRateAndTheGapIsCounted() {
        server(Limits.builder().logBurst(20).logInterval(Duration.ofMillis(100)).build());
        for (int i = 0; i < 200; i++) {
            connect().pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        }
        for (EmbeddedChannel ch : channels) {
            ch.runPendingTasks();
        }
        assertEquals(20, log.containing("WARN PS006").size(), "lines within the burst");
        assertTrue(log.containing("PS017").isEmpty());
        ticker.advance(100, TimeUnit.MILLISECONDS);
        connect().pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        List<String> gap = log.containing("PS017");
        assertEquals(1, gap.size(), () -> "suppression summaries: " + gap);
        assertTrue(gap.get(0).contains(" 180 "), gap.get(0));
        assertEquals(21, log.containing("WARN PS006").size());
    }
}
