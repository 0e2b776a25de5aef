package dev.parley.memcached.codec;

import dev.parley.codec.framing.BlockChunk;
import dev.parley.codec.pipeline.ParleyPipeline;
import dev.parley.codec.pipeline.Side;
import dev.parley.codec.text.ErrorCode;
import dev.parley.codec.text.MalformedRequest;
import dev.parley.codec.text.ParleyReply;
import dev.parley.codec.text.ParleyRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void storageCommandCarriesItsDataBlockAndTheNextCommandFollows() {
        assertEquals(List.of(ParleyRequest.withBody("set", List.of("k", "5", "0", "3"), 3), "DATA:a\nb|ok",
                        ParleyRequest.of("get", "k", "k2")),
                feed("set k 5 0 3\r\na\nb\r\nget k k2\r\n"));
    }

    @Test
    void casAndNoreplyKeepTheirTokens() {
        assertEquals(List.of(ParleyRequest.withBody("cas", List.of("k", "0", "0", "2", "77", "noreply"), 2),
                "DATA:hi|ok"), feed("cas k 0 0 2 77 noreply\r\nhi\r\n"));
    }

    @Test
    void aBadTrailerIsFlaggedAndTheStreamStaysInStep() {
        assertEquals(List.of(ParleyRequest.withBody("set", List.of("k", "0", "0", "3"), 3), "DATA:abc|bad",
                ParleyRequest.of("get", "k")), feed("set k 0 0 3\r\nabcXYget k\r\n"));
    }

    @Test
    void anItemOverTheLimitIsTooLargeAndItsBytesAreSkipped() {
        List<Object> out = feed("set k 0 0 20\r\n01234567890123456789\r\nget k\r\n");
        assertEquals(ErrorCode.TOO_LARGE, ((MalformedRequest) out.get(0)).code());
        assertEquals(ParleyRequest.of("get", "k"), out.get(1));
    }

    @Test
    void upperCaseVerbsAndEmptyLinesAreUnknownLikeInMemcached() {
        List<Object> out = feed("GET k\r\n\r\n");
        assertEquals(2, out.size());
        assertEquals(ErrorCode.UNKNOWN_COMMAND, ((MalformedRequest) out.get(0)).code());
        assertEquals(ErrorCode.UNKNOWN_COMMAND, ((MalformedRequest) out.get(1)).code());
    }

    @Test
    void keysSurviveAsBytes() {
        List<Object> out = feed("get caf\u00e9\r\n");
        assertEquals("caf\u00e9", ((ParleyRequest) out.get(0)).arg(0));
    }

    @Test
    void tokensSplitAtRunsOfSpacesAndKeepNumbersAsWritten() {
        assertEquals(List.of(ParleyRequest.of("get", "a", "b", "c"), ParleyRequest.of("touch", "k", "007"),
                        ParleyRequest.of("incr", "k", "18446744073709551615"), ParleyRequest.of("version"),
                        ParleyRequest.of("verbosity", "1023", "1024", "noreply"), ParleyRequest.of("frob", "0")),
                feed("  get   a b  c \r\ntouch k 007\r\nincr k 18446744073709551615\r\nversion  \r\n"
                        + "verbosity 1023 1024 noreply\r\nfrob 0\r\n"));
    }

    @Test
    void verbsAndSmallNumbersAreSharedStrings() {
        List<Object> out = feed("set k 0 0 1\r\nx\r\nset k 0 0 1\r\ny\r\n");
        ParleyRequest first = (ParleyRequest) out.get(0);
        ParleyRequest second = (ParleyRequest) out.get(2);
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
        assertEquals(List.of(ParleyRequest.of("get", keys)), feed(line + "\r\n"));
    }

    @Test
    void repliesComeOutInMemcachedsWords() {
        channel.writeOutbound(ParleyReply.ok("STORED"),
                ParleyReply.error(ErrorCode.UNKNOWN_COMMAND, "frob"),
                ParleyReply.error(ErrorCode.BAD_ARGS, ""),
                ParleyReply.error(MemcachedErrors.CLIENT_ERROR, "bad data chunk"),
                ParleyReply.error(ErrorCode.TOO_LARGE, "x"),
                ParleyReply.error(ErrorCode.INTERNAL, "id 42"),
                ParleyReply.bye(ErrorCode.BUSY, "full"),
                ParleyReply.bye(ErrorCode.SHUTDOWN, "bye"),
                ParleyReply.bye(ErrorCode.PROTOCOL, "<bytes>: -1 (expected: 1 to 18 decimal digits)"));
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
