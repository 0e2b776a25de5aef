package dev.parley.testkit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrozenTimeTest {

    private final List<Object> events = new ArrayList<>();
    private FrozenTime time;

    private final class EventRecorder extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }
    }

    @AfterEach
    void channelEndsClean() {
        Teardown.assertClean(time.channel());
    }

    @Test
    void readerIdleFiresOnlyOnceTheFrozenClockPassesTheTimeout() {
        time = FrozenTime.create(new IdleStateHandler(5, 0, 0, TimeUnit.SECONDS), new EventRecorder());

        time.advance(Duration.ofMillis(4_999));
        assertTrue(events.isEmpty(), events::toString);

        time.advance(Duration.ofMillis(1));
        assertEquals(List.of(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT), events);
        assertEquals(Duration.ofSeconds(5), time.elapsed());
    }

    @Test
    void readingResetsTheIdleTimer() {
        time = FrozenTime.create(new IdleStateHandler(5, 0, 0, TimeUnit.SECONDS), new EventRecorder());

        time.advance(Duration.ofSeconds(3));
        time.channel().writeInbound("ping");
        assertEquals("ping", time.channel().readInbound());
        time.advance(Duration.ofSeconds(3));
        assertTrue(events.isEmpty(), "a read 3 s ago must keep the channel from being idle: " + events);

        time.advance(2, TimeUnit.SECONDS);
        assertEquals(List.of(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT), events);
    }

    @Test
    void scheduledTaskRunsWhenItsDeadlineIsReached() {
        time = FrozenTime.create();
        AtomicBoolean ran = new AtomicBoolean();
        time.channel().eventLoop().schedule(() -> ran.set(true), 100, TimeUnit.MILLISECONDS);

        time.advance(Duration.ofMillis(99));
        assertFalse(ran.get());
        time.advance(Duration.ofMillis(1));
        assertTrue(ran.get());
    }

    @Test
    void negativeAdvanceIsRejected() {
        time = FrozenTime.create();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> time.advance(Duration.ofSeconds(-1)));
        assertEquals("amount: PT-1S (expected: >= 0)", e.getMessage());
    }
}
