package dev.parley.testkit;

import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodecHarnessTest {

    @Test
    void lineDecoderYieldsTheSameLinesForEveryChunking() {
        List<?> lines = CodecHarness.builder(() -> new ChannelHandler[] {new LineBasedFrameDecoder(64)})
                .input("one\r\ntwo\n\nthree\n")
                .build()
                .assertFragmentationInvariant();

        assertEquals(List.of("ByteBuf[one]", "ByteBuf[two]", "ByteBuf[]",
                "ByteBuf[three]"), lines);
    }

    @Test
    void handlerThatPassesReadsThroughIsCaughtWithChunkingAndSeedNamed() {
        CodecHarness harness = CodecHarness.builder(() -> new ChannelHandler[0]).input("abc").seed(42).build();

        AssertionFailedError e = assertThrows(AssertionFailedError.class, harness::assertFragmentationInvariant);

        assertTrue(e.getMessage().contains("one byte at a time"), e.getMessage());
        assertTrue(e.getMessage().contains("seed 42"), e.getMessage());
        assertTrue(e.getMessage().contains("-D" + CodecHarness.SEED_PROPERTY + "=42"), e.getMessage());
        assertEquals(List.of("ByteBuf[abc]"), e.getExpected().getValue());
        assertEquals(List.of("ByteBuf[a]", "ByteBuf[b]", "ByteBuf[c]"), e.getActual().getValue());
    }

    @Test
    void mergeChunksJoinsPiecesOfOneStreamButNotOfTwo() {
        CodecHarness harness = CodecHarness.builder(() -> new ChannelHandler[] {new TestDecoders.Streaming()})
                .input("hello.world.")
                .normalizer(Normalizers.mergeChunks(TestDecoders.Piece.class, p -> p.last)
                        .andThen(Normalizers.describeAll(Normalizers::describe)))
                .build();

        assertEquals(List.of("Piece[hello]", "Piece[world]"), harness.assertFragmentationInvariant());
    }

    @Test
    void streamedPiecesWithoutMergingDependOnTheReads() {
        CodecHarness harness = CodecHarness.builder(() -> new ChannelHandler[] {new TestDecoders.Streaming()})
                .input("hello.")
                .build();

        assertThrows(AssertionFailedError.class, harness::assertFragmentationInvariant);
    }

    @Test
    void mergedPieceKeepsTheFlagsOfTheFinalPiece() {
        CodecHarness harness = CodecHarness.builder(() -> new ChannelHandler[] {new TestDecoders.Streaming()})
                .input("ab.cd")
                .normalizer(Normalizers.mergeChunks(TestDecoders.Piece.class, p -> p.last)
                        .andThen(Normalizers.describeAll(
                                m -> Normalizers.describe(m) + (((TestDecoders.Piece) m).last ? " last" : ""))))
                .build();

        assertEquals(List.of("Piece[ab] last", "Piece[cd]"), harness.assertFragmentationInvariant());
    }

    @Test
    void exceptionIsRecordedInPlaceAndDecodingContinues() {
        // After a decode() exception Netty keeps the unread bytes until the next read or the end of input, so only
        // with finishAtEnd() do all chunkings deliver the 'b'.
        List<?> result = CodecHarness.builder(() -> new ChannelHandler[] {new TestDecoders.RejectX()})
                .input("aXb")
                .finishAtEnd()
                .build()
                .assertFragmentationInvariant();

        assertEquals(3, result.size(), result::toString);
        assertEquals("a", result.get(0));
        assertTrue(result.get(1).toString().contains("X at stream offset"), result::toString);
        assertEquals("b", result.get(2));
    }

    @Test
    void bytesHeldBackAfterAnExceptionAreCaughtWithoutFinishAtEnd() {
        CodecHarness harness = CodecHarness.builder(() -> new ChannelHandler[] {new TestDecoders.RejectX()})
                .input("aXb")
                .build();

        AssertionFailedError e = assertThrows(AssertionFailedError.class, harness::assertFragmentationInvariant);

        assertTrue(e.getMessage().contains("run 'whole input'"), e.getMessage());
        assertTrue(e.getMessage().contains("left inbound: b"), e.getMessage());
    }

    @Test
    void finishAtEndRecordsWhatTheEndOfInputProduces() {
        List<?> result = CodecHarness.builder(() -> new ChannelHandler[] {new TestDecoders.StringLines()})
                .input("a\nb\ncd")
                .finishAtEnd()
                .build()
                .assertFragmentationInvariant();

        assertEquals(List.of("a", "b", "EOF:cd"), result);
    }

    @Test
    void unfinishedInputWithoutFinishAtEndFailsTheCleanEnd() {
        CodecHarness harness = CodecHarness.builder(() -> new ChannelHandler[] {new TestDecoders.StringLines()})
                .input("a\ncd")
                .build();

        AssertionFailedError e = assertThrows(AssertionFailedError.class, harness::assertFragmentationInvariant);

        assertTrue(e.getMessage().contains("did not end clean"), e.getMessage());
        assertTrue(e.getMessage().contains("left inbound: EOF:cd"), e.getMessage());
    }

    @Test
    void normaliserThatReturnsBuffersIsRejected() {
        CodecHarness harness = CodecHarness.builder(() -> new ChannelHandler[0])
                .input("x")
                .normalizer(messages -> messages)
                .build();

        AssertionFailedError e = assertThrows(AssertionFailedError.class, harness::assertFragmentationInvariant);

        assertTrue(e.getMessage().contains("reference-counted"), e.getMessage());
    }

    @Test
    void twoPieceSplitsAreCappedOnLongInputs() {
        AtomicInteger runs = new AtomicInteger();
        byte[] input = new byte[10_000];
        java.util.Arrays.fill(input, (byte) 'a');
        input[input.length - 1] = '\n';

        List<?> result = CodecHarness.builder(() -> {
                    runs.incrementAndGet();
                    return new ChannelHandler[] {new TestDecoders.StringLines()};
                })
                .input(input)
                .maxSplitPoints(10)
                .randomRuns(3)
                .build()
                .assertFragmentationInvariant();

        assertEquals(1, result.size());
        assertEquals(1 + 1 + 10 + 3, runs.get(), "whole, byte by byte, 10 splits, 3 random");
    }

    @Test
    void runChunkedFeedsTheGivenChunks() {
        CodecHarness harness = CodecHarness.builder(() -> new ChannelHandler[0]).input("abcdef").build();

        assertEquals(List.of("ByteBuf[a]", "ByteBuf[bcd]", "ByteBuf[ef]"), harness.runChunked(1, 3));
        assertThrows(IllegalArgumentException.class, () -> harness.runChunked(7));
    }

    @Test
    void seedIsFixedByTheBuilder() {
        assertEquals(7L, CodecHarness.builder(() -> new ChannelHandler[0]).seed(7).build().seed());
    }
}
