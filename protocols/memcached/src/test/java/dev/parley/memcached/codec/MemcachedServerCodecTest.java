package dev.parley.memcached.codec;

import dev.parley.codec.framing.BlockChunk;
import dev.parley.codec.pipeline.ParleyPipeline;
import dev.parley.codec.pipeline.PipelineOptions;
import dev.parley.codec.pipeline.Side;
import dev.parley.codec.spi.Failure;
import dev.parley.codec.spi.PlainMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemcachedServerCodecTest {

    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        channel = new EmbeddedChannel();
        ParleyPipeline.install(channel.pipeline(), MemcachedServerCodec.create(16), Side.SERVER);
    }

    @AfterEach
    void tearDown() {
        assertFalse(channel.finishAndReleaseAll(), "messages were left in the channel");
    }

    private List<Object> feed(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
        List<Object> out = new ArrayList<>();
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            if (msg instanceof BlockChunk) {
                BlockChunk c = (BlockChunk) msg;
                out.add("DATA:" + c.content().toString(StandardCharsets.ISO_8859_1)
                        + (c.isLast() ? (c.trailerValid() ? "|ok" : "|bad") : ""));
                c.release();
            } else {
                out.add(msg);
            }
        }
        return out;
    }

    @Test
    void requestsAndRepliesAreReferenceCountedInFormOnly() {
        for (Object msg : List.of(MemcachedRequest.of("get", "k"), MemcachedReply.line("STORED"),
                MemcachedReply.text("VERSION 1.6.18"))) {
            assertInstanceOf(PlainMessage.class, msg, msg::toString);
            assertFalse(ReferenceCountUtil.release(msg), "nothing to free");
        }
    }

    @Test
    void theFramingRunsTheDecoderAndWithTheWireTraceOnItRunsAsAStageWithTheSameResults() {
        String input = "set k 5 0 3\r\nabc\r\nget k k2\r\nGET k\r\nset big 0 0 20\r\n01234567890123456789\r\n"
                + "incr k 1 noreply\r\n";
        assertNull(channel.pipeline().get(MemcachedRequestDecoder.class), "no stage of its own");
        List<Object> inline = feed(input);

        EmbeddedChannel traced = new EmbeddedChannel();
        ParleyPipeline.install(traced.pipeline(), MemcachedServerCodec.create(16), Side.SERVER,
                PipelineOptions.builder().wireTrace(PipelineOptions.WireTrace.ALWAYS).build());
        assertTrue(traced.pipeline().get(MemcachedRequestDecoder.class) != null, "a stage after the trace");
        EmbeddedChannel inlineChannel = channel;
        channel = traced;
        try {
            List<Object> staged = feed(input);
            assertEquals(inline.toString(), staged.toString());
            assertEquals(6, staged.size(), staged::toString);
        } finally {
            assertFalse(traced.finishAndReleaseAll(), "messages were left in the traced channel");
            channel = inlineChannel;
        }
    }

    @Test
    void storageCommandCarriesItsDataBlockAndTheNextCommandFollows() {
        assertEquals(List.of(MemcachedRequest.withBody("set", List.of("k", "5", "0", "3"), 3), "DATA:a\nb|ok",
                        MemcachedRequest.of("get", "k", "k2")),
                feed("set k 5 0 3\r\na\nb\r\nget k k2\r\n"));
    }

    @Test
    void casAndNoreplyKeepTheirTokens() {
        assertEquals(List.of(MemcachedRequest.withBody("cas", List.of("k", "0", "0", "2", "77", "noreply"), 2),
                "DATA:hi|ok"), feed("cas k 0 0 2 77 noreply\r\nhi\r\n"));
    }

    @Test
    void aBadTrailerIsFlaggedAndTheStreamStaysInStep() {
        assertEquals(List.of(MemcachedRequest.withBody("set", List.of("k", "0", "0", "3"), 3), "DATA:abc|bad",
                MemcachedRequest.of("get", "k")), feed("set k 0 0 3\r\nabcXYget k\r\n"));
    }

    @Test
    void anItemOverTheLimitIsTooLargeAndItsBytesAreSkipped() {
        List<Object> out = feed("set k 0 0 20\r\n01234567890123456789\r\nget k\r\n");
        assertEquals(MemcachedRequest.withSkippedBody("set", List.of("k", "0", "0", "20")), out.get(0));
        assertTrue(((MemcachedRequest) out.get(0)).bodySkipped());
        assertEquals(MemcachedRequest.of("get", "k"), out.get(1));
    }

    @Test
    void upperCaseVerbsAndEmptyLinesAreUnknownLikeInMemcached() {
        List<Object> out = feed("GET k\r\n\r\n");
        assertEquals(2, out.size());
        assertEquals(Failure.UNKNOWN_COMMAND, ((MemcachedRejected) out.get(0)).failure());
        assertEquals(Failure.UNKNOWN_COMMAND, ((MemcachedRejected) out.get(1)).failure());
    }

    @Test
    void keysSurviveAsBytes() {
        List<Object> out = feed("get caf\u00e9\r\n");
        assertEquals("caf\u00e9", ((MemcachedRequest) out.get(0)).arg(0));
    }

    @Test
    void tokensSplitAtRunsOfSpacesAndKeepNumbersAsWritten() {
        assertEquals(List.of(MemcachedRequest.of("get", "a", "b", "c"), MemcachedRequest.of("touch", "k", "007"),
                        MemcachedRequest.of("incr", "k", "18446744073709551615"), MemcachedRequest.of("version"),
                        MemcachedRequest.of("verbosity", "1023", "1024", "noreply"), MemcachedRequest.of("frob", "0")),
                feed("  get   a b  c \r\ntouch k 007\r\nincr k 18446744073709551615\r\nversion  \r\n"
                        + "verbosity 1023 1024 noreply\r\nfrob 0\r\n"));
    }

    @Test
    void verbsAndSmallNumbersAreSharedStrings() {
        List<Object> out = feed("set k 0 0 1\r\nx\r\nset k 0 0 1\r\ny\r\n");
        MemcachedRequest first = (MemcachedRequest) out.get(0);
        MemcachedRequest second = (MemcachedRequest) out.get(2);
        org.junit.jupiter.api.Assertions.assertSame(first.verb(), second.verb());
        org.junit.jupiter.api.Assertions.assertSame(first.arg(1), second.arg(1));
        org.junit.jupiter.api.Assertions.assertNotSame(first.arg(0), second.arg(0));
    }

    @Test
    void aManyKeyGetKeepsEveryKeyInOrder() {
        StringBuilder line = new StringBuilder("get");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            keys.add("key" + i);
            line.append(' ').append("key").append(i);
        }
        assertEquals(List.of(MemcachedRequest.of("get", keys)), feed(line + "\r\n"));
    }

    @Test
    void repliesComeOutInMemcachedsWords() {
        MemcachedFailures words = MemcachedFailures.INSTANCE;
        channel.writeOutbound(MemcachedReply.line("STORED"),
                words.reply(Failure.UNKNOWN_COMMAND, "frob", false),
                words.reply(Failure.BAD_ARGS, "", false),
                words.reply(Failure.BAD_REQUEST, "bad bytes after the body", false),
                words.reply(Failure.TOO_LARGE, "x", false),
                words.reply(Failure.INTERNAL, "id 42", false),
                words.reply(Failure.BUSY, "full", true),
                words.reply(Failure.PROTOCOL, "<bytes>: -1 (expected: 1 to 18 decimal digits)", true));
        assertNull(words.reply(Failure.SHUTTING_DOWN, "bye", true), "memcached just closes");
        StringBuilder wire = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            wire.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        assertEquals("STORED\r\nERROR\r\nCLIENT_ERROR bad command line format\r\nCLIENT_ERROR bad data chunk\r\n"
                + "SERVER_ERROR object too large for cache\r\nSERVER_ERROR id 42\r\n"
                + "ERROR Too many open connections\r\nCLIENT_ERROR bad command line format\r\n", wire.toString());
    }

    @Test
    void theServerCodecRefusesTheClientSide() {
        assertThrows(IllegalArgumentException.class, () -> MemcachedServerCodec.create(16).framing(Side.CLIENT));
        assertThrows(IllegalArgumentException.class, () -> MemcachedServerCodec.create(0));
    }
}
