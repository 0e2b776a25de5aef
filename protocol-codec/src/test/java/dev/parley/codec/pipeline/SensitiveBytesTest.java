package dev.parley.codec.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wire trace is the one place that redacts: bytes marked sensitive never show, whatever they say. */
class SensitiveBytesTest {

    @Test
    void markedBytesAreRedactedWhateverTheirVerb() {
        ByteBuf buf = SensitiveBytes.wrap(Unpooled.copiedBuffer("login alice hunter2\n", StandardCharsets.US_ASCII));
        try {
            String shown = WireTraceHandler.describeOutbound(buf);
            assertFalse(shown.contains("hunter2"), shown);
            assertTrue(shown.contains(WireTraceHandler.REDACTION), shown);
        } finally {
            buf.release();
        }
    }

    @Test
    void markedBytesWithTheAuthVerbShowTheVerb() {
        ByteBuf buf = SensitiveBytes.wrap(Unpooled.copiedBuffer("auth s3cret\n", StandardCharsets.US_ASCII));
        try {
            assertEquals("auth ***", WireTraceHandler.describeOutbound(buf));
        } finally {
            buf.release();
        }
    }

    @Test
    void unmarkedBytesShowAsSent() {
        ByteBuf buf = Unpooled.copiedBuffer("login alice\n", StandardCharsets.US_ASCII);
        try {
            assertEquals("login alice\\x0A", WireTraceHandler.describeOutbound(buf));
        } finally {
            buf.release();
        }
    }

    @Test
    void theMarkSharesTheBytesAndTheReferenceCount() {
        ByteBuf inner = Unpooled.copiedBuffer("x", StandardCharsets.US_ASCII);
        ByteBuf marked = SensitiveBytes.wrap(inner);
        assertEquals(1, marked.readableBytes());
        assertTrue(marked.release());
        assertEquals(0, inner.refCnt());
    }
}
