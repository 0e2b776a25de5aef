package dev.parley.codec.framing;

import dev.parley.testkit.Teardown;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A line whose last token has the shape of a block announcement but no valid count, or a count too large to skip,
 * is a framing violation: the decoder raises {@link MalformedAnnouncementException} once and decodes nothing after
 * it, so the bytes the peer sent as the block can never be read as lines.
 */
class FrameDecoderViolationTest {

    private static final FramingSpec PARLEY = Framing.parley().build();

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "+5", "1e3", "0x10", "", " 5", "5 ", "1234567890123456789",
            "99999999999999999999999999"})
    void malformedCountIsAViolationAndNothingAfterItDecodes(String count) {
        String token = "{" + count + "}";
        // A space inside the braces makes the last token start after it: only the counts without one are
        // announcements at all.
        if (count.contains(" ")) {
            assertEquals(List.of("line[ping]", "line[push /f " + token + "]", "line[mkdir /x]"),
                    Frames.decodeEveryWay(PARLEY, "ping\npush /f " + token + "\nmkdir /x\n"));
            return;
        }
        assertEquals(List.of("line[ping]", "MalformedAnnouncementException: block length: " + token
                        + " (expected: {n} with n of 1 to 18 decimal digits)"),
                Frames.decodeEveryWay(PARLEY, "ping\npush /f " + token + "\nmkdir /x\nmore\n"));
    }

    @Test
    void announcementAloneOnTheLineIsCheckedToo() {
        assertEquals(List.of("MalformedAnnouncementException: block length: {x} "
                        + "(expected: {n} with n of 1 to 18 decimal digits)"),
                Frames.decodeEveryWay(PARLEY, "{x}\nmkdir /x\n"));
    }

    @Test
    void tokensThatDoNotLookLikeAnAnnouncementAreArguments() {
        assertEquals(List.of("line[a{3}]", "line[{3} x]", "line[echo x{-1}]", "line[echo {5]", "line[echo 5}]",
                        "line[echo \"{-1}\"]", "line[ {2}] {2}", "chunk[ok] last"),
                Frames.decodeEveryWay(PARLEY, "a{3}\n{3} x\necho x{-1}\necho {5\necho 5}\necho \"{-1}\"\n {2}\nok"));
    }

    @Test
    void countTooLargeToSkipIsAViolationStatingValueAndBound() {
        String huge = "999999999999999999";
        assertEquals(List.of("line[ping]", "MalformedAnnouncementException: block length: " + huge
                        + " (expected: <= " + FramingSpec.DEFAULT_MAX_SKIP_LENGTH + ")"),
                Frames.decodeEveryWay(PARLEY, "ping\npush /f {" + huge + "}\nmkdir /x\n"));
    }

    @Test
    void blockOverTheMaximumButWithinTheSkipLimitIsStillSkipped() {
        FramingSpec spec = Framing.parley().maxBlockLength(4).maxSkipLength(8).build();

        assertEquals(List.of("line[PUT {8}] {8} rejected", "line[after]",
                        "MalformedAnnouncementException: block length: 9 (expected: <= 8)"),
                Frames.decodeEveryWay(spec, "PUT {8}\n12345678after\nPUT {9}\n123456789later\n"));
    }

    @Test
    void skipLimitBelowTheBlockLimitMeansEveryBlockOverTheLimitIsAViolation() {
        FramingSpec spec = Framing.parley().maxBlockLength(4).maxSkipLength(0).build();

        assertEquals(List.of("line[PUT {4}] {4}", "chunk[abcd] last",
                        "MalformedAnnouncementException: block length: 5 (expected: <= 4)"),
                Frames.decodeEveryWay(spec, "PUT {4}\nabcdPUT {5}\n12345\n"));
    }

    @Test
    void violationWithAnInlineDecoderStopsBeforeTheLine() {
        List<String> seen = new java.util.ArrayList<>();
        InlineDecoder inline = new InlineDecoder() {
            @Override
            public Object decodeLine(ByteBuf buf, int index, int length) {
                seen.add(buf.toString(index, length, StandardCharsets.US_ASCII));
                return null;
            }

            @Override
            public Object decodeFrame(Object frame) {
                io.netty.util.ReferenceCountUtil.release(frame);
                seen.add("frame");
                return null;
            }
        };
        EmbeddedChannel channel = new EmbeddedChannel(PARLEY.newDecoder(inline));

        assertThrows(MalformedAnnouncementException.class,
                () -> channel.writeInbound(bytes("ping\npush /f {-1}\nmkdir /x\n")));
        channel.writeInbound(bytes("later\n"));

        assertEquals(List.of("ping"), seen);
        Teardown.assertClean(channel);
    }

    @Test
    void everythingAfterTheViolationIsDiscardedAndItIsRaisedOnce() {
        EmbeddedChannel channel = new EmbeddedChannel(PARLEY.newDecoder());

        MalformedAnnouncementException e = assertThrows(MalformedAnnouncementException.class,
                () -> channel.writeInbound(bytes("ok\npush /f {abc}\nmkdir /x\n")));

        assertInstanceOf(FramingException.class, e);
        ByteBuf ok = channel.readInbound();
        assertEquals("ok", ok.toString(StandardCharsets.US_ASCII));
        ok.release();
        channel.writeInbound(bytes("mkdir /y\n{-1}\n"));
        assertNull(channel.readInbound(), "nothing decodes after a framing violation");
        channel.checkException();
        Teardown.assertClean(channel);
    }

    @Test
    void announcerThatThrowsSomethingElseIsAViolationToo() {
        BlockAnnouncer broken = line -> {
            throw new NumberFormatException("boom");
        };
        EmbeddedChannel channel = new EmbeddedChannel(Framing.lines().blockAnnouncer(broken).build().newDecoder());

        MalformedAnnouncementException e = assertThrows(MalformedAnnouncementException.class,
                () -> channel.writeInbound(bytes("x\ny\n")));

        assertInstanceOf(NumberFormatException.class, e.getCause());
        channel.writeInbound(bytes("z\n"));
        assertNull(channel.readInbound());
        Teardown.assertClean(channel);
    }

    @Test
    void inputEndingAfterAViolationIsNotReportedAgain() {
        assertEquals(List.of("MalformedAnnouncementException: block length: {-1} "
                        + "(expected: {n} with n of 1 to 18 decimal digits)"),
                Frames.harness(PARLEY, "push {-1}\nhalf a li").finishAtEnd().build().assertFragmentationInvariant());
    }

    @Test
    void oversizedLineThatAnnouncesAnUnskippableBlockIsAViolation() {
        FramingSpec spec = Framing.parley().maxLineLength(16).maxBlockLength(4).maxSkipLength(8).build();

        assertEquals(List.of("MalformedAnnouncementException: block length: 9 (expected: <= 8)"),
                Frames.decodeEveryWay(spec, "push /" + "p".repeat(40) + " {9}\n123456789\n"));
    }

    @Test
    void oversizedLineThatAnnouncesABlockHasTheBlockSkippedNotReadAsLines() {
        FramingSpec spec = Framing.parley().maxLineLength(16).build();
        String longPath = "/" + "p".repeat(40);

        assertEquals(List.of("oversized(50, max 16)", "line[ping]", "oversized(50, max 16)", "line[after]"),
                Frames.decodeEveryWay(spec, "push " + longPath + " {5}\nmkdirping\n"
                        + "push " + longPath + " {0}\nafter\n"));
    }

    @Test
    void oversizedLineWithAMalformedAnnouncementIsAViolation() {
        FramingSpec spec = Framing.parley().maxLineLength(16).build();

        assertEquals(List.of("MalformedAnnouncementException: block length: {-1} "
                        + "(expected: {n} with n of 1 to 18 decimal digits)"),
                Frames.decodeEveryWay(spec, "push /" + "p".repeat(40) + " {-1}\nmkdir /x\n"));
    }

    @Test
    void oversizedLineWhoseLastTokenMerelyEndsInBracesAnnouncesNothing() {
        FramingSpec spec = Framing.parley().maxLineLength(16).build();

        assertEquals(List.of("oversized(45, max 16)", "line[x]", "oversized(200, max 16)", "line[y]"),
                Frames.decodeEveryWay(spec, "echo " + "q".repeat(37) + "{5}\nx\n" + "r".repeat(197) + "{5}\ny\n"));
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }
}
