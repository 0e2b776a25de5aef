package dev.parley.codec.framing;

import dev.parley.testkit.ByteStrings;
import dev.parley.testkit.CodecHarness;
import dev.parley.testkit.Normalizers;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;

import java.util.List;
import java.util.function.Function;

/** Shared harness set-up for the framing tests: describes frames as short strings, merging block chunks. */
final class Frames {

    private Frames() {
    }

    /**
     * Describes frames independently of how the input was chunked; an {@link OversizedLine} with its length, which
     * is the line's true length however the line was split into reads.
     */
    static Object describe(Object msg) {
        if (msg instanceof LineFrame) {
            LineFrame line = (LineFrame) msg;
            return "line[" + ByteStrings.escape(line.content()) + "]"
                    + (line.hasBlock() ? " {" + line.blockLength() + "}" : "")
                    + (line.blockRejected() ? " rejected" : "");
        }
        if (msg instanceof ByteBuf) {
            return "line[" + ByteStrings.escape((ByteBuf) msg) + "]";
        }
        if (msg instanceof BlockChunk) {
            BlockChunk chunk = (BlockChunk) msg;
            return "chunk[" + ByteStrings.escape(chunk.content()) + "]" + (chunk.isLast() ? " last" : "")
                    + (chunk.isLast() && !chunk.trailerValid() ? " bad-trailer" : "");
        }
        if (msg instanceof OversizedLine) {
            OversizedLine oversized = (OversizedLine) msg;
            return "oversized(" + oversized.length() + ", max " + oversized.maxLength() + ")";
        }
        if (msg instanceof Throwable) {
            return msg.getClass().getSimpleName() + ": " + ((Throwable) msg).getMessage();
        }
        return Normalizers.describe(msg);
    }

    /** Merges the chunks of each block, then describes every frame. */
    static Function<List<Object>, List<Object>> merged() {
        return Normalizers.mergeChunks(BlockChunk.class, BlockChunk::isLast)
                .andThen(Normalizers.describeAll(Frames::describe));
    }

    static CodecHarness.Builder harness(FramingSpec spec, String input) {
        return CodecHarness.builder(() -> new ChannelHandler[] {spec.newDecoder()})
                .input(input)
                .normalizer(merged());
    }

    static List<?> decodeEveryWay(FramingSpec spec, String input) {
        return harness(spec, input).build().assertFragmentationInvariant();
    }
}
