package dev.parley.codec.framing;

import dev.parley.testkit.Teardown;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lines that start with a given prefix may be longer than the ordinary limit (memcached's multi-key {@code get}),
 * and every other line keeps the ordinary one, so a connection cannot hold a long unfinished line of any other kind.
 */
class LongLinesTest {

    private static final FramingSpec SPEC = Framing.lines().maxLineLength(16)
            .longLines(64, List.of("get ", "gets ")).build();

    @Test
    void aLineWithALongLinePrefixMayGoUpToTheLongLimitUnderEveryChunking() {
        String get = "get " + "k ".repeat(25);     // 54 bytes
        String set = "set " + "x".repeat(50);      // 54 bytes, no prefix
        String huge = "gets " + "k".repeat(70);    // 75 bytes, over the long limit
        assertEquals(List.of("line[" + get + "]", "oversized(54, max 16)", "oversized(75, max 16)", "line[ok]"),
                Frames.decodeEveryWay(SPEC, get + "\n" + set + "\n" + huge + "\nok\n"));
    }

    @Test
    void underTheClosePolicyAnUnfinishedOrdinaryLineFailsAtTheOrdinaryLimit() {
        FramingSpec spec = SPEC.toBuilder().oversizePolicy(OversizePolicy.CLOSE).build();
        EmbeddedChannel channel = new EmbeddedChannel(spec.newDecoder());
        FramingException e = assertThrows(FramingException.class,
                () -> channel.writeInbound(bytes("set " + "x".repeat(30))));
        assertEquals("line length: >= 33 (expected: <= 16)", e.getMessage());
        Teardown.assertClean(channel);

        EmbeddedChannel gets = new EmbeddedChannel(spec.newDecoder());
        gets.writeInbound(bytes("get " + "k ".repeat(15)));   // 34 bytes, unfinished: still allowed
        FramingException over = assertThrows(FramingException.class,
                () -> gets.writeInbound(bytes("k".repeat(40))));
        assertEquals("line length: >= 73 (expected: <= 64)", over.getMessage());
        Teardown.assertClean(gets);
    }

    @Test
    void thePrefixIsMatchedExactlyAtTheStartOfTheLine() {
        assertEquals(List.of("oversized(30, max 16)", "oversized(30, max 16)"),
                Frames.decodeEveryWay(SPEC, " get " + "k".repeat(25) + "\n" + "GET " + "k".repeat(26) + "\n"));
    }

    @Test
    void theSpecCarriesTheLongLimitThroughItsBuilderAndRefusesOneBelowTheOrdinaryLimit() {
        assertEquals(SPEC, SPEC.toBuilder().build());
        assertEquals(64, SPEC.longLineLength());
        assertEquals(List.of("get ", "gets "), SPEC.longLinePrefixes());
        assertNotEquals(SPEC, Framing.lines().maxLineLength(16).build());
        assertEquals(16, Framing.lines().maxLineLength(16).build().longLineLength(), "no prefixes: no long lines");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Framing.lines().maxLineLength(16).longLines(8, List.of("get ")).build());
        assertTrue(e.getMessage().contains("longLineLength: 8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Framing.lines().longLines(64, List.of("")));
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }
}
