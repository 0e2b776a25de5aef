package dev.parley.server;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pause reasons combine: the channel reads again only once the last reason is lifted, and each lifts only itself. */
class ReadPauseTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ReadPause pause = new ReadPause(channel.config(), "test");

    @Test
    void readingStopsWithTheFirstReasonAndResumesWithTheLast() {
        assertTrue(pause.pause(ReadPause.Reason.HELD), "the first reason stops reading");
        assertFalse(channel.config().isAutoRead());
        assertFalse(pause.pause(ReadPause.Reason.BODY), "a second reason changes nothing");
        assertFalse(pause.pause(ReadPause.Reason.WRITABILITY));

        assertFalse(pause.resume(ReadPause.Reason.HELD));
        assertFalse(channel.config().isAutoRead(), "two reasons left");
        assertFalse(pause.resume(ReadPause.Reason.WRITABILITY));
        assertFalse(channel.config().isAutoRead(), "one reason left");
        assertTrue(pause.has(ReadPause.Reason.BODY));

        assertTrue(pause.resume(ReadPause.Reason.BODY), "the last reason resumes reading");
        assertTrue(channel.config().isAutoRead());
        assertFalse(pause.isPaused());
        channel.finishAndReleaseAll();
    }

    @Test
    void liftingAReasonThatIsNotSetLiftsNothingElse() {
        pause.pause(ReadPause.Reason.CLOSING);
        assertFalse(pause.resume(ReadPause.Reason.HELD));
        assertFalse(pause.resume(ReadPause.Reason.BODY));
        assertFalse(channel.config().isAutoRead(), "closing still holds");
        assertTrue(pause.has(ReadPause.Reason.CLOSING));
        assertFalse(pause.has(ReadPause.Reason.HELD));
        assertEquals("ReadPause[CLOSING]", pause.toString());
        channel.finishAndReleaseAll();
    }

    @Test
    void aReasonSetTwiceIsLiftedOnce() {
        pause.pause(ReadPause.Reason.HELD);
        pause.pause(ReadPause.Reason.HELD);
        assertTrue(pause.resume(ReadPause.Reason.HELD));
        assertTrue(channel.config().isAutoRead());
        assertFalse(pause.resume(ReadPause.Reason.HELD), "already lifted");
        assertTrue(channel.config().isAutoRead());
        channel.finishAndReleaseAll();
    }

    @Test
    void everyReasonHasABitOfItsOwn() {
        int all = 0;
        for (ReadPause.Reason r : ReadPause.Reason.values()) {
            assertEquals(0, all & r.bit, r + " shares a bit");
            all |= r.bit;
        }
        assertEquals(ReadPause.Reason.values().length, Integer.bitCount(all));
    }
}
