package dev.parley.codec.framing;

import dev.parley.testkit.CodecHarness;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An {@link InlineDecoder} sees, in place, exactly what the framing emits as frames: the same lines, announcements
 * and block bytes however the input is split, with nothing for {@link InlineDecoder#decodeFrame} but oversized
 * lines. The decoder here rebuilds the frames from what it is handed (as copies), so both paths can be compared with
 * the same description.
 */
class InlineDecodingTest {

    private static final FramingSpec CRLF_TRAILER = Framing.parley().blockTrailer((byte) '\r', (byte) '\n')
            .chunkSize(2).maxBlockLength(6).build();

    @Test
    void linesAnnouncementsAndBlocksAsTheFramesHaveThem() {
        for (String input : List.of("PUT f {3}\nabcNEXT\n", "{4}\na\r\n\nx\n", "{0}\n\n{0}\n",
                "VALUE k {3}\nabc\r\nEND\nVALUE e {0}\n\r\n", "VALUE k {3}\nabcXYEND\n", "SET {7}\nabcdefg\r\nNEXT\n",
                "A {6}\n123456\r\nB {1}\nx\r\nC\n")) {
            AtomicInteger frames = new AtomicInteger();
            assertEquals(Frames.decodeEveryWay(CRLF_TRAILER, input), inline(input, frames).build()
                    .assertFragmentationInvariant(), input);
            assertEquals(0, frames.get(), input + ": frames handed to decodeFrame");
        }
    }

    @Test
    void theEndOfInputInsideABlockIsReportedAlike() {
        String input = "DATA {5}\n123";
        assertEquals(Frames.harness(CRLF_TRAILER, input).finishAtEnd().build().assertFragmentationInvariant(),
                inline(input, new AtomicInteger()).finishAtEnd().build().assertFragmentationInvariant());
    }

    private static CodecHarness.Builder inline(String input, AtomicInteger frames) {
        return CodecHarness.builder(() -> new ChannelHandler[] {CRLF_TRAILER.newDecoder(new Rebuilding(frames))})
                .input(input)
                .normalizer(Frames.merged());
    }

    /** Makes the frames again from copies of the bytes it is handed in place. */
    private static final class Rebuilding implements InlineDecoder {
        private final AtomicInteger frames;

        Rebuilding(AtomicInteger frames) {
            this.frames = frames;
        }

        @Override
        public Object decodeLine(ByteBuf buf, int index, int length) {
            return copy(buf, index, length);
        }

        @Override
        public Object decodeAnnouncingLine(ByteBuf buf, int index, int length, long blockLength,
                                           boolean blockRejected) {
            return new LineFrame(copy(buf, index, length), blockLength, blockRejected);
        }

        @Override
        public Object decodeBlock(ByteBuf buf, int index, int length, boolean last, boolean trailerValid) {
            return new BlockChunk(copy(buf, index, length), last, trailerValid);
        }

        @Override
        public Object decodeFrame(Object frame) {
            frames.incrementAndGet();
            ReferenceCountUtil.release(frame);
            return null;
        }

        private static ByteBuf copy(ByteBuf buf, int index, int length) {
            return Unpooled.copiedBuffer(buf.slice(index, length));
        }
    }
}
