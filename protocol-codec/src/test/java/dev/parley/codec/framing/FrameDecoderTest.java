package dev.parley.codec.framing;

import dev.parley.testkit.Teardown;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Line framing: delimiters, empty lines, limits and the end of input, each under every chunking. */
class FrameDecoderTest {

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void mixedProtocolTrafficDecodesTheSameUnderEveryChunking() {
        FramingSpec spec = Framing.parley().maxLineLength(16).chunkSize(4).maxBlockLength(10).build();
        String input = "HELLO\r\n"
                + "\n"
                + "PUT a {5}\n12345"
                + "NEXT\n"
                + "GET {0}\n"
                + "BIG {11}\nxxxxxxxxxxx"
                + "AFTER\n"
                + "this line is far too long for it\n"
                + "OK\n";

        assertEquals(List.of(
                "line[HELLO]",
                "line[]",
                "line[PUT a {5}] {5}", "chunk[12345] last",
                "line[NEXT]",
                "line[GET {0}] {0}", "chunk[] last",
                "line[BIG {11}] {11} rejected",
                "line[AFTER]",
                "oversized(32, max 16)",
                "line[OK]"), Frames.decodeEveryWay(spec, input));
    }

    @Test
    void lfStripsExactlyOneCarriageReturn() {
        assertEquals(List.of("line[a]", "line[b]", "line[c\\x0D]", "line[]", "line[\\x0Dd]"),
                Frames.decodeEveryWay(Framing.lines().build(), "a\nb\r\nc\r\r\n\r\n\rd\n"));
    }

    @Test
    void crlfIsStrictAndKeepsLoneLineFeedsInTheLine() {
        assertEquals(List.of("line[a\\x0Ab]", "line[]", "line[c\\x0D]"),
                Frames.decodeEveryWay(Framing.crlf().build(), "a\nb\r\n\r\nc\r\r\n"));
    }

    @Test
    void anyOfSeveralDelimitersEndsALine() {
        FramingSpec spec = Framing.delimited(Delimiter.of(";"), Delimiter.of("$>\0"), Delimiter.crlf()).build();

        assertEquals(List.of("line[a]", "line[b]", "line[c$>]", "line[]", "line[d\\x00]", "line[e]"),
                Frames.decodeEveryWay(spec, "a;b$>\0c$>;;d\0$>\0e\r\n"));
    }

    @Test
    void emptyLinesAreEmittedAsEmptyFrames() {
        assertEquals(List.of("line[]", "line[]", "line[x]", "line[]"),
                Frames.decodeEveryWay(Framing.lines().build(), "\n\r\nx\n\n"));
    }

    @Test
    void oversizedLineIsRejectedAndNextLineStillDecodes() {
        FramingSpec spec = Framing.lines().maxLineLength(8).build();

        assertEquals(List.of("line[short]", "oversized(9, max 8)", "line[next]", "oversized(50, max 8)", "line[end]"),
                Frames.decodeEveryWay(spec, "short\n123456789\nnext\n" + "y".repeat(50) + "\r\nend\n"));
    }

    @Test
    void oversizedLineUnderMultiByteDelimiterIsSkippedToTheDelimiter() {
        FramingSpec spec = Framing.delimited(Delimiter.of("$>\0")).maxLineLength(4).build();

        assertEquals(List.of("oversized(9, max 4)", "line[ok]"),
                Frames.decodeEveryWay(spec, "abcdef$>$$>\0ok$>\0"));
    }

    @Test
    void oversizedLineReportsItsLengthAndTheLimit() {
        EmbeddedChannel channel = new EmbeddedChannel(Framing.lines().maxLineLength(8).build().newDecoder());
        channel.writeInbound(bytes("0123456789\n"));

        OversizedLine oversized = channel.readInbound();
        assertEquals(new OversizedLine(10, 8), oversized);
        assertEquals("line length: 10 (expected: <= 8)", oversized.message());
        Teardown.assertClean(channel);
    }

    @Test
    void oversizedLineLengthIsExactWhenTheLimitIsPassedMidLine() {
        // Fed byte by byte, the limit is passed long before the LF arrives, and the CR before it arrives in a read
        // of its own: it is stripped, as from any line, and not counted.
        EmbeddedChannel channel = new EmbeddedChannel(Framing.lines().maxLineLength(4).build().newDecoder());
        for (byte b : "12345678\r\nok\n".getBytes(StandardCharsets.US_ASCII)) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }

        assertEquals(new OversizedLine(8, 4), channel.readInbound());
        ByteBuf ok = channel.readInbound();
        assertEquals("ok", ok.toString(StandardCharsets.US_ASCII));
        ok.release();
        Teardown.assertClean(channel);
    }

    @Test
    void oversizedLineIsReportedOnceWithItsLengthUnderEveryChunking() {
        FramingSpec lf = Framing.lines().maxLineLength(8).build();
        FramingSpec prompt = Framing.delimited(Delimiter.of("$>\0")).maxLineLength(8).build();

        assertEquals(List.of("line[a]", "oversized(40, max 8)", "line[b]", "oversized(41, max 8)", "line[c]"),
                Frames.decodeEveryWay(lf, "a\n" + "x".repeat(40) + "\r\nb\n" + "y".repeat(40) + "\r\r\nc\n"));
        assertEquals(List.of("oversized(42, max 8)", "line[d]"),
                Frames.decodeEveryWay(prompt, "x".repeat(40) + "$>$>\0d$>\0"));
    }

    @Test
    void multiMegabyteLineFedInReadsIsReportedWithItsTrueLengthInLinearWork() {
        int length = 6 << 20;
        byte[] input = new byte[length + 2 + 3];
        java.util.Arrays.fill(input, 0, length, (byte) 'x');
        input[length] = '\r';
        input[length + 1] = '\n';
        input[length + 2] = 'o';
        input[length + 3] = 'k';
        input[length + 4] = '\n';
        FrameDecoder decoder = Framing.lines().build().newDecoder();
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        // Reads of 64 KiB, the last one ending right after the CR, so the CR and its LF arrive apart.
        int read = 64 << 10;
        for (int at = 0; at < input.length; ) {
            int n = at < length + 1 ? Math.min(read, length + 1 - at) : input.length - at;
            channel.writeInbound(Unpooled.wrappedBuffer(input, at, n));
            at += n;
        }

        OversizedLine oversized = channel.readInbound();
        assertEquals(new OversizedLine(length, FramingSpec.DEFAULT_MAX_LINE_LENGTH), oversized);
        assertEquals("line length: " + length + " (expected: <= 8192)", oversized.message());
        ByteBuf ok = channel.readInbound();
        assertEquals("ok", ok.toString(StandardCharsets.US_ASCII));
        ok.release();
        assertTrue(decoder.scannedBytes() <= 2L * input.length, "scanned " + decoder.scannedBytes());
        Teardown.assertClean(channel);
    }

    @Test
    void oversizedLineUnderClosePolicyFailsAndDiscardsTheRest() {
        FramingSpec spec = Framing.lines().maxLineLength(8).oversizePolicy(OversizePolicy.CLOSE).build();
        EmbeddedChannel channel = new EmbeddedChannel(spec.newDecoder());

        FramingException e = assertThrows(FramingException.class,
                () -> channel.writeInbound(bytes("ok\n0123456789\nlater\n")));

        assertEquals("line length: 10 (expected: <= 8)", e.getMessage());
        ByteBuf ok = channel.readInbound();
        assertEquals("ok", ok.toString(StandardCharsets.US_ASCII));
        ok.release();
        channel.writeInbound(bytes("more\n"));
        assertNull(channel.readInbound(), "nothing decodes after a framing violation");
        Teardown.assertClean(channel);
    }

    @Test
    void closePolicyBeforeTheLineEndsStatesTheLowerBoundAsSuch() {
        // The tenth byte may still be a CR that a following LF strips: the line is known to be at least 9 long.
        FramingSpec spec = Framing.lines().maxLineLength(8).oversizePolicy(OversizePolicy.CLOSE).build();
        EmbeddedChannel channel = new EmbeddedChannel(spec.newDecoder());

        FramingException e = assertThrows(FramingException.class, () -> channel.writeInbound(bytes("0123456789")));

        assertEquals("line length: >= 9 (expected: <= 8)", e.getMessage());
        channel.writeInbound(bytes("\nlater\n"));
        assertNull(channel.readInbound());
        Teardown.assertClean(channel);
    }

    @Test
    void closePolicyFailsTheSameWayUnderEveryChunking() {
        FramingSpec spec = Framing.lines().maxLineLength(8).oversizePolicy(OversizePolicy.CLOSE).build();

        List<?> result = Frames.harness(spec, "ok\n" + "z".repeat(40) + "\nlater\n")
                .normalizer(Frames.merged().andThen(list -> list.stream()
                        // The line has not ended when the limit is passed: the message gives the lower bound seen.
                        .map(d -> d.toString().replaceAll("line length: (>= )?\\d+", "line length: N"))
                        .toList()))
                .build()
                .assertFragmentationInvariant();

        assertEquals(List.of("line[ok]", "FramingException: line length: N (expected: <= 8)"), result);
    }

    @Test
    void inputEndingInsideALineIsTruncated() {
        assertEquals(List.of("line[a]", "TruncatedInputException: input ended in the middle of a line after 3 bytes"),
                Frames.harness(Framing.lines().build(), "a\nbcd").finishAtEnd().build()
                        .assertFragmentationInvariant());
    }

    @Test
    void inputEndingInsideAnOversizedLineIsTruncatedWithAllItsBytesCountedAndNoLengthGuessed() {
        FramingSpec spec = Framing.delimited(Delimiter.of("$>\0")).maxLineLength(4).build();

        assertEquals(List.of("TruncatedInputException: input ended in the middle of a line after 12 bytes"),
                Frames.harness(spec, "abcdefghij$>").finishAtEnd().build().assertFragmentationInvariant());
    }

    @Test
    void truncationCarriesWhereTheInputEnded() {
        EmbeddedChannel channel = new EmbeddedChannel(Framing.lines().build().newDecoder());
        channel.writeInbound(bytes("half"));

        TruncatedInputException e = assertThrows(TruncatedInputException.class, channel::finish);

        assertEquals(TruncatedInputException.Part.LINE, e.part());
        assertEquals(4, e.received());
        assertEquals(-1, e.expected());
        Teardown.assertClean(channel);
    }

    @Test
    void inputEndingAtALineBoundaryIsClean() {
        assertEquals(List.of("line[a]"),
                Frames.harness(Framing.lines().build(), "a\n").finishAtEnd().build().assertFragmentationInvariant());
    }

    @Test
    void failureOnTheChannelIsSeenThroughCheckException() {
        EmbeddedChannel channel = new EmbeddedChannel(Framing.lines().build().newDecoder());
        channel.writeInbound(bytes("x"));
        channel.pipeline().fireChannelInactive();

        assertInstanceOf(TruncatedInputException.class, assertThrows(FramingException.class,
                channel::checkException));
        Teardown.assertClean(channel);
    }
}
