package dev.parley.testkit.peer;

import dev.parley.testkit.peer.Transcript.Side;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TranscriptTest {

    @Test
    void sentDataIsOneEntryPerLineAndATrailingPieceIsMarked() {
        Transcript t = new Transcript();
        byte[] data = "a\nb\r\nhal".getBytes(StandardCharsets.UTF_8);
        t.sent(Side.SERVER, data, 0, data.length);
        t.event(Side.CLIENT, "eof");
        assertEquals(List.of("S: a", "S: b\\r", "S: hal <no newline>", "C: <eof>"), t.entries());
        assertEquals("S: a\nS: b\\r\nS: hal <no newline>\nC: <eof>\n", t.toString());
    }

    @Test
    void nonPrintableBytesAreEscaped() {
        assertEquals("\\x00\\xff\\t\\\\ ok\\x7f",
                Transcript.escape(new byte[] {0, (byte) 0xff, '\t', '\\', ' ', 'o', 'k', 0x7f}));
        assertEquals("caf\\xc3\\xa9", Transcript.escape("café"));
    }

    @Test
    void longEntriesAreCutAndTheirLengthNoted() {
        String escaped = Transcript.escape(new byte[10_000]);
        assertTrue(escaped.endsWith("... (10000 bytes)"), escaped);
        assertTrue(escaped.length() < Transcript.MAX_ENTRY_CHARS + 30, escaped);
    }

    @Test
    void entriesBeyondTheLimitAreCounted() {
        Transcript t = new Transcript();
        for (int i = 0; i < Transcript.MAX_ENTRIES + 5; i++) {
            t.event(Side.CLIENT, "e");
        }
        assertEquals(Transcript.MAX_ENTRIES, t.entries().size());
        assertTrue(t.toString().endsWith("... 5 more entries\n"));
        t.failure("expected line \"x\"");
        assertTrue(t.contains("!! expected line \"x\""), "a failure is kept even in a full transcript");
    }

    @Test
    void anEmptyTranscriptSaysSo() {
        assertEquals("(empty)\n", new Transcript().toString());
    }
}
