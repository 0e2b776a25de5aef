package dev.parley.codec.text;

import dev.parley.codec.framing.BlockChunk;
import dev.parley.codec.framing.Framing;
import dev.parley.codec.framing.FramingSpec;
import dev.parley.codec.pipeline.ParleyPipeline;
import dev.parley.codec.pipeline.ParleyTextCodec;
import dev.parley.codec.pipeline.Side;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParleyRequestDecoderTest {

    private EmbeddedChannel channel;

    private EmbeddedChannel server(FramingSpec framing) {
        channel = new EmbeddedChannel();
        ParleyPipeline.install(channel.pipeline(), ParleyTextCodec.create(framing), Side.SERVER);
        return channel;
    }

    private EmbeddedChannel server() {
        return server(Framing.parley().build());
    }

    @AfterEach
    void nothingLeftOver() {
        if (channel != null) {
            assertFalse(channel.finishAndReleaseAll(), "messages were left in the channel");
        }
    }

    /** Writes the bytes and returns what came out, each body as one string "BODY:<text>". */
    private List<Object> feed(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        List<Object> out = new ArrayList<>();
        StringBuilder body = null;
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            if (msg instanceof BlockChunk) {
                BlockChunk c = (BlockChunk) msg;
                body = body == null ? new StringBuilder() : body;
                body.append(c.content().toString(StandardCharsets.UTF_8));
                if (c.isLast()) {
                    out.add("BODY:" + body);
                    body = null;
                }
                c.release();
            } else {
                out.add(msg);
            }
        }
        return out;
    }

    private List<Object> feed(String text) {
        return feed(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void lfAndCrlfLinesDecodeAlikeAndVerbsIgnoreCase() {
        server();
        assertEquals(List.of(ParleyRequest.of("ls", "/tmp"), ParleyRequest.of("ls", "/tmp"),
                        ParleyRequest.of("ping")),
                feed("ls /tmp\nLs /tmp\r\nPING\n"));
    }

    @Test
    void emptyAndBlankLinesAreIgnored() {
        server();
        assertEquals(List.of(ParleyRequest.of("ping")), feed("\n\r\n   \n\tping\n\n"));
    }

    @Test
    void invalidUtf8IsBadRequestAndTheNextLineStillDecodes() {
        server();
        byte[] bad = {'e', 'c', 'h', 'o', ' ', (byte) 0xC3, (byte) 0x28, '\n', 'p', 'i', 'n', 'g', '\n'};
        List<Object> out = feed(bad);
        assertEquals(2, out.size());
        MalformedRequest m = (MalformedRequest) out.get(0);
        assertEquals(ErrorCode.BAD_REQUEST, m.code());
        assertTrue(m.message().contains("invalid UTF-8"), m.message());
        assertEquals(ParleyRequest.of("ping"), out.get(1));
    }

    @Test
    void blockIsDeliveredAndTheNextRequestInTheSameBufferDecodes() {
        server();
        assertEquals(List.of(ParleyRequest.withBody("push", List.of("/a"), 5), "BODY:he\nlo",
                        ParleyRequest.of("ping")),
                feed("push /a {5}\nhe\nloping\n"));
    }

    @Test
    void emptyBlockIsOneEmptyLastChunk() {
        server();
        assertEquals(List.of(ParleyRequest.withBody("push", List.of("/empty"), 0), "BODY:", ParleyRequest.of("ping")),
                feed("push /empty {0}\nping\n"));
    }

    @Test
    void quotedBracesAreAnArgumentNotABlock() {
        server();
        assertEquals(List.of(ParleyRequest.of("echo", "{5}"), ParleyRequest.of("ping")), feed("echo \"{5}\"\nping\n"));
    }

    @Test
    void blockOverTheMaximumIsTooLargeAndExactlyItsBytesAreSkipped() {
        server(Framing.parley().maxBlockLength(4).build());
        List<Object> out = feed("push /big {10}\n0123456789ping\n");
        assertEquals(2, out.size());
        MalformedRequest m = (MalformedRequest) out.get(0);
        assertEquals(ErrorCode.TOO_LARGE, m.code());
        assertFalse(m.bodyFollows());
        assertEquals(ParleyRequest.of("ping"), out.get(1));
    }

    @Test
    void oversizedLineIsTooLongAndTheNextLineStillDecodes() {
        server(Framing.parley().maxLineLength(16).build());
        List<Object> out = feed("echo " + "x".repeat(100) + "\nping\n");
        assertEquals(2, out.size());
        MalformedRequest m = (MalformedRequest) out.get(0);
        assertEquals(ErrorCode.TOO_LONG, m.code());
        assertTrue(m.message().contains("(expected: <= 16)"), m.message());
        assertEquals(ParleyRequest.of("ping"), out.get(1));
    }

    @Test
    void badRequestWithABlockStillHasItsBodyDelivered() {
        server();
        List<Object> out = feed("push \"/a {3}\nabcping\n");
        assertEquals(3, out.size());
        MalformedRequest m = (MalformedRequest) out.get(0);
        assertEquals(ErrorCode.BAD_REQUEST, m.code());
        assertTrue(m.bodyFollows());
        assertEquals("BODY:abc", out.get(1));
        assertEquals(ParleyRequest.of("ping"), out.get(2));
    }

    @Test
    void badVerbIsBadRequest() {
        server();
        List<Object> out = feed("pi/ng\n");
        assertEquals(ErrorCode.BAD_REQUEST, ((MalformedRequest) out.get(0)).code());
    }

    @Test
    void nettysOwnLineDecoderWorksAsTheFramingStage() {
        channel = new EmbeddedChannel(new LineBasedFrameDecoder(8192), ParleyRequestDecoder.INSTANCE);
        assertEquals(List.of(ParleyRequest.of("get", "k"), ParleyRequest.of("ping")), feed("get k\r\nping\n"));
    }

    @Test
    void requestEncoderWritesGoldenBytes() {
        ByteBuf out = Unpooled.buffer();
        try {
            ParleyRequestEncoder.encode(ParleyRequest.withBody("push", List.of("/my file", ""), 12), out);
            assertEquals("push \"/my file\" \"\" {12}\n", out.toString(StandardCharsets.UTF_8));
        } finally {
            out.release();
        }
    }
}
