package dev.parley.testkit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoldenBytesTest {

    private static ChannelHandler[] encoder() {
        return new ChannelHandler[] {new TestDecoders.CrlfEncoder()};
    }

    @Test
    void encoderOutputMatchesGoldenText() {
        GoldenBytes.assertEncodes(GoldenBytesTest::encoder, "OK\r\nBYE\r\n", "OK", "BYE");
    }

    @Test
    void encodeConcatenatesAllOutboundBuffers() {
        assertArrayEquals(new byte[] {'a', '\r', '\n', 'b', '\r', '\n'},
                GoldenBytes.encode(GoldenBytesTest::encoder, "a", "b"));
    }

    @Test
    void differenceIsReportedAtItsOffsetWithEscapedBytes() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> GoldenBytes.assertEncodes(GoldenBytesTest::encoder, "OK\n", "OK"));

        assertTrue(e.getMessage().contains("bytes differ at offset 2"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 3 bytes, got 4"), e.getMessage());
        assertTrue(e.getMessage().contains("OK >>\\x0D\\x0A"), e.getMessage());
        assertEquals("OK\\x0A", e.getExpected().getValue());
        assertEquals("OK\\x0D\\x0A", e.getActual().getValue());
    }

    @Test
    void missingTailIsReportedAsEndOfOutput() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> GoldenBytes.assertSameBytes(ByteStrings.utf8("abc"), ByteStrings.utf8("ab")));

        assertTrue(e.getMessage().contains("actual:   ab >><end>"), e.getMessage());
    }

    @Test
    void drainOutboundRejectsMessagesThatAreNotBytes() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.writeOutbound(Unpooled.copiedBuffer(new byte[] {1}), "not bytes");

        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> GoldenBytes.drainOutbound(channel));

        assertTrue(e.getMessage().contains("java.lang.String: not bytes"), e.getMessage());
        Teardown.assertClean(channel);
    }

    @Test
    void escapingKeepsPrintableAsciiAndHexEncodesTheRest() {
        assertEquals("a b\\\\\\x00\\xFF$>", ByteStrings.escape(new byte[] {'a', ' ', 'b', '\\', 0, (byte) 0xff,
                '$', '>'}));
    }
}
