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
                "oversized(max 16)",
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

        assertEquals(List.of("line[short]", "oversized(max 8)", "line[next]", "oversized(max 8)", "line[end]"),
                Frames.decodeEveryWay(spec, "short\n123456789\nnext\n" + "y".repeat(50) + "\r\nend\n"));
    }

    @Test
    void oversizedLineUnderMultiByteDelimiterIsSkippedToTheDelimiter() {
        FramingSpec spec = Framing.delimited(Delimiter.of("$>\0")).maxLineLength(4).build();

        assertEquals(List.of("oversized(max 4)", "line[ok]"),
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
    void oversizedLineLengthIsALowerBoundWhenTheLimitIsPassedMidLine() {
        // Fed byte by byte, the limit is passed before the LF arrives; the CR seen so far may still be stripped,
        // so it must not be counted as a line byte.
        EmbeddedChannel channel = new EmbeddedChannel(Framing.lines().maxLineLength(4).build().newDecoder());
        for (byte b : "12345\r\nok\n".getBytes(StandardCharsets.US_ASCII)) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }

        OversizedLine oversized = channel.readInbound();
        assertTrue(oversized.length() > 4 && oversized.length() <= 5, oversized::toString);
        ByteBuf ok = channel.readInbound();
        assertEquals("ok", ok.toString(StandardCharsets.US_ASCII));
        ok.release();
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
    void closePolicyFailsTheSameWayUnderEveryChunking() {
        FramingSpec spec = Framing.lines().maxLineLength(8).oversizePolicy(OversizePolicy.CLOSE).build();

        List<?> result = Frames.harness(spec, "ok\n" + "z".repeat(40) + "\nlater\n")
                .normalizer(Frames.merged().andThen(list -> list.stream()
                        // The length in the message is a lower bound that depends on the reads.
                        .map(d -> d.toString().replaceAll("line length: \\d+", "line length: N"))
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
    void inputEndingInsideAnOversizedLineIsTruncatedWithAllItsBytesCounted() {
        FramingSpec spec = Framing.delimited(Delimiter.of("$>\0")).maxLineLength(4).build();

        assertEquals(List.of("oversized(max 4)",
                        "TruncatedInputException: input ended in the middle of a line after 12 bytes"),
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
