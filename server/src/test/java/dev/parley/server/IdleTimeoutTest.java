package dev.parley.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idle and slowloris handling on a frozen clock: the whole server pipeline on an EmbeddedChannel. */
class IdleTimeoutTest {

    private final MockTicker ticker = Ticker.newMockTicker();
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        ParleyServer options = ParleyServer.builder()
                .server(s -> s.limits(l -> l.idleTimeout(Duration.ofSeconds(60))))
                .build();
        ServerContext context = new ServerContext(options, Runnable::run, () -> { });
        channel = EmbeddedChannel.builder().ticker(ticker).handlers(new ServerInitializer(context)).build();
        assertEquals("HELLO parley/1 parley\n", readOutbound());
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    private String readOutbound() {
        ByteBuf buf = channel.readOutbound();
        if (buf == null) {
            return null;
        }
        try {
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }

    private void advance(long seconds) {
        ticker.advance(seconds, TimeUnit.SECONDS);
        channel.runPendingTasks();
        channel.runScheduledPendingTasks();
    }

    @Test
    void completeRequestsKeepTheSessionAliveAndSilenceEndsIt() {
        advance(50);
        channel.writeInbound(Unpooled.copiedBuffer("ping\n", StandardCharsets.US_ASCII));
        assertEquals("OK pong\n", readOutbound());
        advance(50);
        assertTrue(channel.isActive());
        assertNull(readOutbound());
        advance(11);
        assertEquals("BYE IDLE no request for 60 s\n", readOutbound());
        assertFalse(channel.isActive());
    }

    @Test
    void aPartialLineTrickledByteByByteDoesNotCountAsActivity() {
        for (int i = 0; i < 61; i++) {
            channel.writeInbound(Unpooled.copiedBuffer("p", StandardCharsets.US_ASCII));
            advance(1);
            if (!channel.isActive()) {
                break;
            }
        }
        assertEquals("BYE IDLE no request for 60 s\n", readOutbound());
        assertFalse(channel.isActive());
    }
}
