package dev.parley.codec.spi;

import dev.parley.codec.text.ErrorCode;
import dev.parley.codec.text.ParleyReply;
import dev.parley.codec.text.ParleyReplyEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The installed encoder is the one that batches: replies written with a void promise go out as one buffer. */
class BatchingEncoderTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new ParleyReplyEncoder());

    @AfterEach
    void tearDown() {
        assertFalse(channel.finishAndReleaseAll(), "messages were left in the channel");
    }

    private void writeVoid(Object msg) {
        channel.pipeline().write(msg, channel.voidPromise());
    }

    private String readOne() {
        ByteBuf b = channel.readOutbound();
        try {
            return b.toString(StandardCharsets.US_ASCII);
        } finally {
            b.release();
        }
    }

    @Test
    void repliesGatherUntilTheFlushAndLeaveAsOneBuffer() {
        writeVoid(ParleyReply.PONG);
        writeVoid(ParleyReply.OK);
        writeVoid(ParleyReply.error(ErrorCode.NOT_FOUND, "k"));
        assertNull(channel.readOutbound(), "nothing is written before the flush");
        channel.flush();
        assertEquals("OK pong\nOK\nERR NOT_FOUND k\n", readOne());
        assertNull(channel.readOutbound());
    }

    @Test
    void aBodyBufferFollowsTheLinesBeforeItInOrder() {
        writeVoid(ParleyReply.okWithBody(3));
        writeVoid(Unpooled.copiedBuffer("abc", StandardCharsets.US_ASCII));
        writeVoid(ParleyReply.PONG);
        channel.flush();
        assertEquals("OK {3}\n", readOne());
        assertEquals("abc", readOne());
        assertEquals("OK pong\n", readOne());
    }

    @Test
    void aWriteWithItsOwnPromiseIsEncodedOnItsOwn() {
        writeVoid(ParleyReply.OK);
        channel.writeAndFlush(ParleyReply.PONG).syncUninterruptibly();
        assertEquals("OK\n", readOne());
        assertEquals("OK pong\n", readOne());
    }
}
