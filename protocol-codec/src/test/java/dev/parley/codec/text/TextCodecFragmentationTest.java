package dev.parley.codec.text;

import dev.parley.codec.framing.BlockChunk;
import dev.parley.codec.framing.Framing;
import dev.parley.codec.framing.FramingSpec;
import dev.parley.codec.pipeline.ParleyTextCodec;
import dev.parley.codec.pipeline.Side;
import dev.parley.testkit.ByteStrings;
import dev.parley.testkit.CodecHarness;
import dev.parley.testkit.Normalizers;
import io.netty.channel.ChannelHandler;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The request and reply decoders, behind the Parley framing, decode the same messages however the input is cut:
 * whole, one byte at a time, split at every point and in random chunkings.
 */
class TextCodecFragmentationTest {

    private static Object describe(Object msg) {
        if (msg instanceof BlockChunk) {
            BlockChunk c = (BlockChunk) msg;
            return "body[" + ByteStrings.escape(c.content()) + "]" + (c.isLast() ? " last" : "");
        }
        if (msg instanceof MalformedRequest) {
            MalformedRequest m = (MalformedRequest) msg;
            // An oversized line's length is a lower bound that depends on the reads; the code is what matters.
            return "malformed " + m.code() + (m.code() == ErrorCode.TOO_LONG ? "" : " " + m.message())
                    + (m.bodyFollows() ? " +body" : "");
        }
        if (msg instanceof Throwable) {
            return msg.getClass().getSimpleName() + ": " + ((Throwable) msg).getMessage();
        }
        return String.valueOf(msg);
    }

    private static List<?> everyWay(FramingSpec framing, Side side, byte[] input) {
        return everyWay(framing, side, input, false);
    }

    /** With {@code inline}, the framing stage runs the codec's inline decoder, as in a server pipeline. */
    private static List<?> everyWay(FramingSpec framing, Side side, byte[] input, boolean inline) {
        ParleyTextCodec codec = ParleyTextCodec.create(framing);
        return CodecHarness.builder(() -> {
            List<ChannelHandler> handlers = new ArrayList<>();
            if (inline) {
                handlers.add(codec.framing(side).newDecoder(codec.inlineDecoder(side)));
                handlers.addAll(codec.newCodecHandlers(side).subList(1, 2));
            } else {
                handlers.add(codec.framing(side).newDecoder());
                handlers.addAll(codec.newCodecHandlers(side));
            }
            return handlers.toArray(new ChannelHandler[0]);
        })
                .input(input)
                .normalizer(Normalizers.mergeChunks(BlockChunk.class, BlockChunk::isLast)
                        .andThen(Normalizers.describeAll(TextCodecFragmentationTest::describe)))
                .finishAtEnd()
                .build()
                .assertFragmentationInvariant();
    }

    @Test
    void requestsDecodeTheSameHoweverTheyArrive() {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        byte[] text = ("PING\r\n\r\nls \"/my docs\"\npush /a {12}\nhello\r\nworld"
                + "echo " + "x".repeat(40) + "\n"
                + "push /big {20}\n" + "0123456789abcdefghij"
                + "push /empty {0}\n"
                + "cd \"/unfinished\n").getBytes(StandardCharsets.UTF_8);
        in.writeBytes(text);
        in.writeBytes(new byte[] {'e', 'c', 'h', 'o', ' ', (byte) 0xFF, '\n'});
        in.writeBytes("quit\n".getBytes(StandardCharsets.UTF_8));
        FramingSpec framing = Framing.parley().maxLineLength(32).maxBlockLength(16).build();
        List<?> out = everyWay(framing, Side.SERVER, in.toByteArray());
        assertEquals(everyWay(framing, Side.SERVER, in.toByteArray(), true), out,
                "decoded inside the framing stage");
        assertEquals(List.of("ping", "ls \"/my docs\"", "push /a {12}", "body[hello\\x0D\\x0Aworld] last",
                "malformed TOO_LONG",
                "malformed TOO_LARGE body length: 20 (over the server's maximum; the bytes were discarded)",
                "push /empty {0}", "body[] last",
                "malformed BAD_REQUEST unterminated quote at byte 3",
                "malformed BAD_REQUEST invalid UTF-8 in token at byte 5",
                "quit"), out);
    }

    @Test
    void repliesDecodeTheSameHoweverTheyArrive() {
        String input = "HELLO parley/1 agent version=1\r\nOK pong\nOK {5}\nab\ncdERR NOT_FOUND no such file: /x\n"
                + "\nOK \"two words\" {0}\nBYE SHUTDOWN server stopping\n";
        List<?> out = everyWay(Framing.parley().build(), Side.CLIENT, input.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("HELLO parley/1 agent version=1", "OK pong", "OK {5}", "body[ab\\x0Acd] last",
                "ERR NOT_FOUND no such file: /x", "OK \"two words\" {0}", "body[] last",
                "BYE SHUTDOWN server stopping"), out);
    }

    @Test
    void aReplyCutOffInTheMiddleIsReportedAsTruncated() {
        List<?> out = everyWay(Framing.parley().build(), Side.CLIENT,
                "OK {10}\n01234".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("OK {10}", "body[01234]",
                "TruncatedInputException: input ended in the middle of a raw block: 5 of 10 bytes"), out);
    }
}
