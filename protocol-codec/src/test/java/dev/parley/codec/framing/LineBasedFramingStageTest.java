package dev.parley.codec.framing;

import dev.parley.testkit.CodecHarness;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Netty's own line decoder works as a framing stage under the same harness, for protocols without blocks. */
class LineBasedFramingStageTest {

    @Test
    void nettyLineDecoderFramesLfAndCrlfLinesUnderEveryChunking() {
        List<?> lines = CodecHarness.builder(() -> new ChannelHandler[] {new LineBasedFrameDecoder(64)})
                .input("HELLO\r\nPING\n\nQUIT\r\n")
                .build()
                .assertFragmentationInvariant();

        assertEquals(List.of("ByteBuf[HELLO]", "ByteBuf[PING]", "ByteBuf[]", "ByteBuf[QUIT]"), lines);
    }
}
