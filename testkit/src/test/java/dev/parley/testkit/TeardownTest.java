package dev.parley.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TeardownTest {

    @Test
    void channelWithNothingLeftPasses() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.writeInbound(Unpooled.copiedBuffer(new byte[] {1}));
        ByteBuf read = channel.readInbound();
        read.release();

        Teardown.assertClean(channel);
        assertEquals(0, read.refCnt());
    }

    @Test
    void leftoversAreListedAndReleased() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ByteBuf inbound = Unpooled.copiedBuffer(ByteStrings.utf8("hi\n"));
        ByteBuf outbound = Unpooled.copiedBuffer(ByteStrings.utf8("bye"));
        channel.writeInbound(inbound);
        channel.writeOutbound(outbound);

        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> Teardown.assertClean(channel));

        assertTrue(e.getMessage().contains("left inbound: ByteBuf[hi\\x0A]"), e.getMessage());
        assertTrue(e.getMessage().contains("left outbound: ByteBuf[bye]"), e.getMessage());
        assertEquals(0, inbound.refCnt());
        assertEquals(0, outbound.refCnt());
    }

    @Test
    void pendingExceptionIsListed() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().fireExceptionCaught(new IllegalStateException("boom"));

        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> Teardown.assertClean(channel));

        assertTrue(e.getMessage().contains("java.lang.IllegalStateException: boom"), e.getMessage());
    }
}
