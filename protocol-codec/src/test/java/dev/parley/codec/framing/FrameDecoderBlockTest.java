package dev.parley.codec.framing;

import dev.parley.testkit.Normalizers;
import dev.parley.testkit.Teardown;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Counted raw blocks announced by {@code {n}}: chunking, limits, trailers and the end of input. */
class FrameDecoderBlockTest {

    private static final FramingSpec PARLEY = Framing.parley().build();

    @Test
    void blockIsFollowedByTheNextLineInTheSameBuffer() {
        assertEquals(List.of("line[PUT f {3}] {3}", "chunk[abc] last", "line[NEXT]"),
                Frames.decodeEveryWay(PARLEY, "PUT f {3}\nabcNEXT\n"));
    }

    @Test
    void blockBytesAreRawAndMayHoldDelimiters() {
        assertEquals(List.of("line[{4}] {4}", "chunk[a\\x0D\\x0A\\x0A] last", "line[x]"),
                Frames.decodeEveryWay(PARLEY, "{4}\na\r\n\nx\n"));
    }

    @Test
    void blockLargerThanChunkSizeArrivesInBoundedChunksWithOnlyTheFinalOneLast() {
        FramingSpec spec = Framing.parley().chunkSize(4).build();
        String body = "0123456789abcdefghij-";
        UnaryOperator<List<Object>> checkChunks = messages -> {
            for (int i = 0; i < messages.size(); i++) {
                if (messages.get(i) instanceof BlockChunk) {
                    BlockChunk chunk = (BlockChunk) messages.get(i);
                    boolean endsBlock = i + 1 == messages.size() || !(messages.get(i + 1) instanceof BlockChunk);
                    if (chunk.content().readableBytes() > 4 || chunk.isLast() != endsBlock) {
                        String described = Normalizers.describe(chunk);
                        messages.forEach(io.netty.util.ReferenceCountUtil::release);
                        throw new AssertionFailedError("bad chunk " + i + ": " + described);
                    }
                }
            }
            return messages;
        };

        List<?> result = Frames.harness(spec, "GET {21}\n" + body + "DONE\n")
                .normalizer(checkChunks.andThen(Frames.merged()))
                .build()
                .assertFragmentationInvariant();

        assertEquals(List.of("line[GET {21}] {21}", "chunk[" + body + "] last", "line[DONE]"), result);
    }

    @Test
    void aFullSocketReadOfABlockIsOneChunkByDefault() {
        // 64 KiB is the largest read Netty's adaptive receive allocator makes: a bulk body arriving at full speed is
        // then handed on one slice per read, not cut into eight (each its own message, queue entry and file write).
        int read = 64 * 1024;
        EmbeddedChannel channel = new EmbeddedChannel(PARLEY.newDecoder());
        channel.writeInbound(Unpooled.copiedBuffer("PUT {" + (2 * read) + "}\n", StandardCharsets.US_ASCII));
        ((LineFrame) channel.readInbound()).release();

        channel.writeInbound(Unpooled.wrappedBuffer(new byte[read]));
        BlockChunk chunk = channel.readInbound();
        assertEquals(read, chunk.content().readableBytes());
        chunk.release();
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[read]));
        int rest = 0;
        for (BlockChunk c = channel.readInbound(); c != null; c = channel.readInbound()) {
            rest += c.content().readableBytes();
            c.release();
        }
        assertEquals(read, rest);
        Teardown.assertClean(channel);
    }

    @Test
    void blockDeliveredWholeIsCutIntoFullChunks() {
        EmbeddedChannel channel = new EmbeddedChannel(Framing.parley().chunkSize(4).build().newDecoder());
        channel.writeInbound(Unpooled.copiedBuffer("{10}\n0123456789", StandardCharsets.US_ASCII));

        ((LineFrame) channel.readInbound()).release();
        int[] sizes = new int[3];
        boolean[] last = new boolean[3];
        for (int i = 0; i < 3; i++) {
            BlockChunk chunk = channel.readInbound();
            sizes[i] = chunk.content().readableBytes();
            last[i] = chunk.isLast();
            chunk.release();
        }
        assertEquals("[4, 4, 2]", java.util.Arrays.toString(sizes));
        assertEquals("[false, false, true]", java.util.Arrays.toString(last));
        Teardown.assertClean(channel);
    }

    @Test
    void emptyBlockIsOneEmptyLastChunk() {
        assertEquals(List.of("line[{0}] {0}", "chunk[] last", "line[]", "line[{0}] {0}", "chunk[] last"),
                Frames.decodeEveryWay(PARLEY, "{0}\n\n{0}\n"));
    }

    @Test
    void trailerAfterTheBlockIsCheckedAndConsumed() {
        FramingSpec spec = Framing.parley().blockTrailer((byte) '\r', (byte) '\n').chunkSize(2).build();

        assertEquals(List.of("line[VALUE k {3}] {3}", "chunk[abc] last", "line[END]",
                        "line[VALUE e {0}] {0}", "chunk[] last"),
                Frames.decodeEveryWay(spec, "VALUE k {3}\nabc\r\nEND\nVALUE e {0}\n\r\n"));
    }

    @Test
    void wrongTrailerIsFlaggedAndItsBytesStillConsumed() {
        FramingSpec spec = Framing.parley().blockTrailer((byte) '\r', (byte) '\n').build();

        assertEquals(List.of("line[VALUE k {3}] {3}", "chunk[abc] last bad-trailer", "line[END]"),
                Frames.decodeEveryWay(spec, "VALUE k {3}\nabcXYEND\n"));
    }

    @Test
    void blockOverTheMaximumIsRejectedAndExactlyItsBytesAreSkipped() {
        FramingSpec spec = Framing.parley().maxBlockLength(4).build();

        assertEquals(List.of("line[PUT {5}] {5} rejected", "line[after]", "line[PUT {4}] {4}", "chunk[wxyz] last"),
                Frames.decodeEveryWay(spec, "PUT {5}\nab\ncdafter\nPUT {4}\nwxyz"));
    }

    @Test
    void rejectedBlockAlsoSkipsItsTrailer() {
        FramingSpec spec = Framing.parley().maxBlockLength(1).blockTrailer((byte) '\r', (byte) '\n').build();

        assertEquals(List.of("line[SET {3}] {3} rejected", "line[NEXT]"),
                Frames.decodeEveryWay(spec, "SET {3}\nabc\r\nNEXT\n"));
    }

    @Test
    void inputEndingInsideABlockIsTruncatedAfterDeliveringWhatArrived() {
        assertEquals(List.of("line[DATA {10}] {10}", "chunk[12345]",
                        "TruncatedInputException: input ended in the middle of a raw block: 5 of 10 bytes"),
                Frames.harness(PARLEY, "DATA {10}\n12345").finishAtEnd().build().assertFragmentationInvariant());
    }

    @Test
    void aBlockWaitingForItsTrailerIsDeliveredAlikeHoweverTheInputIsSplit() {
        FramingSpec spec = Framing.parley().blockTrailer((byte) '\r', (byte) '\n').build();

        assertEquals(List.of("line[DATA {3}] {3}", "chunk[ab]",
                        "TruncatedInputException: input ended in the middle of a raw block: 3 of 3 bytes"),
                Frames.harness(spec, "DATA {3}\nabc\r").finishAtEnd().build().assertFragmentationInvariant());
        assertEquals(List.of("line[DATA {3}] {3}", "chunk[abc] last", "line[NEXT]"),
                Frames.decodeEveryWay(spec, "DATA {3}\nabc\r\nNEXT\n"));
    }

    @Test
    void inputEndingInsideARejectedBlockIsTruncated() {
        FramingSpec spec = Framing.parley().maxBlockLength(2).build();

        assertEquals(List.of("line[DATA {10}] {10} rejected",
                        "TruncatedInputException: input ended in the middle of a raw block: 3 of 10 bytes"),
                Frames.harness(spec, "DATA {10}\n123").finishAtEnd().build().assertFragmentationInvariant());
    }

    @Test
    void truncatedBlockReportsReceivedAndExpectedBytes() {
        EmbeddedChannel channel = new EmbeddedChannel(PARLEY.newDecoder());
        channel.writeInbound(Unpooled.copiedBuffer("{8}\nabc", StandardCharsets.US_ASCII));
        ((LineFrame) channel.readInbound()).release();
        ((BlockChunk) channel.readInbound()).release();

        TruncatedInputException e = assertThrows(TruncatedInputException.class, channel::finish);

        assertEquals(TruncatedInputException.Part.BLOCK, e.part());
        assertEquals(3, e.received());
        assertEquals(8, e.expected());
        Teardown.assertClean(channel);
    }

    @Test
    void announcementNeedsABraceTokenAtTheEndOfTheLine() {
        assertEquals(List.of("line[a{3}]", "line[{3} x]", "line[ {2}] {2}", "chunk[ok] last"),
                Frames.decodeEveryWay(PARLEY, "a{3}\n{3} x\n {2}\nok"));
    }
}
