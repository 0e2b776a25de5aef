package dev.parley.memcached.codec;

import dev.parley.codec.framing.BlockChunk;
import dev.parley.codec.framing.FramingSpec;
import dev.parley.codec.pipeline.Side;
import dev.parley.testkit.ByteStrings;
import dev.parley.testkit.CodecHarness;
import dev.parley.testkit.Normalizers;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import dev.parley.codec.framing.LineFrame;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Where a memcached line's data ends, under every chunking: a storage command announces its data by its
 * {@code <bytes>} token alone (so bad flags still have their data skipped), a malformed token is a framing
 * violation, and {@code VALUE} lines on the client side follow the same rule.
 */
class MemcachedBlockAnnouncerTest {

    private static final FramingSpec SERVER = MemcachedServerCodec.create(1024 * 1024).framing(Side.SERVER);
    private static final FramingSpec CLIENT = MemcachedClientCodec.create().framing(Side.CLIENT);

    private static Object describe(Object msg) {
        if (msg instanceof LineFrame) {
            LineFrame line = (LineFrame) msg;
            return "line[" + ByteStrings.escape(line.content()) + "] {" + line.blockLength() + "}"
                    + (line.blockRejected() ? " rejected" : "");
        }
        if (msg instanceof ByteBuf) {
            return "line[" + ByteStrings.escape((ByteBuf) msg) + "]";
        }
        if (msg instanceof BlockChunk) {
            return "data[" + ByteStrings.escape(((BlockChunk) msg).content()) + "]";
        }
        if (msg instanceof Throwable) {
            return msg.getClass().getSimpleName() + ": " + ((Throwable) msg).getMessage();
        }
        return Normalizers.describe(msg);
    }

    private static List<?> decodeEveryWay(FramingSpec spec, String input) {
        return CodecHarness.builder(() -> new ChannelHandler[] {spec.newDecoder()})
                .input(input)
                .normalizer(Normalizers.mergeChunks(BlockChunk.class, BlockChunk::isLast)
                        .andThen(Normalizers.describeAll(MemcachedBlockAnnouncerTest::describe)))
                .build()
                .assertFragmentationInvariant();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "+5", "1e3", "0x10", "99999999999999999999", "1234567890123456789"})
    void malformedByteCountOfAStorageCommandIsAViolation(String count) {
        assertEquals(List.of("line[get a]", "MalformedAnnouncementException: <bytes>: " + count
                        + " (expected: 1 to 18 decimal digits)"),
                decodeEveryWay(SERVER, "get a\r\nset k 0 0 " + count + "\r\nflush_all\r\nget b\r\n"));
    }

    @Test
    void byteCountOverWhatMemcachedAcceptsIsAViolation() {
        assertEquals(List.of("MalformedAnnouncementException: block length: 2147483646 (expected: <= 2147483645)"),
                decodeEveryWay(SERVER, "set k 0 0 2147483646\r\nflush_all\r\n"));
    }

    @Test
    void validByteCountAnnouncesTheDataWhateverTheOtherTokens() {
        assertEquals(List.of("line[set k abc 0 9] {9}", "data[flush_all]",
                        "line[cas k 0 0 9] {9}", "data[flush_all]",
                        "line[set k 0 0 9 noreply extra] {9}", "data[flush_all]",
                        "line[set k 0 0]", "line[get k]"),
                decodeEveryWay(SERVER, "set k abc 0 9\r\nflush_all\r\ncas k 0 0 9\r\nflush_all\r\n"
                        + "set k 0 0 9 noreply extra\r\nflush_all\r\nset k 0 0\r\nget k\r\n"));
    }

    @Test
    void onlyStorageVerbsAnnounceOnTheServer() {
        assertEquals(List.of("line[SET k 0 0 -1]", "line[get k 0 0 -1]", "line[VALUE k 0 -1]"),
                decodeEveryWay(SERVER, "SET k 0 0 -1\r\nget k 0 0 -1\r\nVALUE k 0 -1\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "99999999999999999999"})
    void valueLineWithAMalformedCountIsAViolationForTheClient(String count) {
        assertEquals(List.of("line[VALUE a 0 1] {1}", "data[x]", "MalformedAnnouncementException: <bytes>: "
                        + count + " (expected: 1 to 18 decimal digits)"),
                decodeEveryWay(CLIENT, "VALUE a 0 1\r\nx\r\nVALUE k 0 " + count + "\r\nEND\r\nEND\r\n"));
    }
}
