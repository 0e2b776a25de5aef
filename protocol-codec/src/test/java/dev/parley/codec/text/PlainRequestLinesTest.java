package dev.parley.codec.text;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The fast path gives what the full tokenizer gives, also once a bare verb is remembered by its bytes. */
class PlainRequestLinesTest {

    /** Decodes {@code line} where it lies inside a larger buffer, followed by {@code after}. */
    private static ParleyRequest decodeIn(String line, String after) {
        ByteBuf buf = Unpooled.copiedBuffer("xx" + line + after, StandardCharsets.ISO_8859_1);
        try {
            return PlainRequestLines.decode(buf, 2, line.length());
        } finally {
            buf.release();
        }
    }

    @Test
    void aRepeatedBareVerbIsTheSharedRequestWhateverFollowsIt() {
        ParleyRequest first = decodeIn("Stats", "\nget key\n");
        assertEquals(ParleyRequest.of("stats"), first);
        assertSame(first, decodeIn("Stats", "\nping\n"));
        assertSame(first, decodeIn("Stats", "\n\0\0\0\0\0\0\0\0"));
    }

    @Test
    void linesSharingTheBytesOfARememberedVerbAreNotMistakenForIt() {
        decodeIn("ping", "\n");
        decodeIn("ping", "\n");
        assertEquals(ParleyRequest.of("ping", "x"), decodeIn("ping x", "\n"));
        assertEquals(ParleyRequest.of("pin"), decodeIn("pin", "g\n"));
        assertNull(decodeIn("ping\0\0\0\0", "\n"), "a NUL byte is left to the full tokenizer");
        assertEquals(ParleyRequest.of("pingpong"), decodeIn("pingpong", "\n"));
        assertEquals(ParleyRequest.of("pingpong"), decodeIn("pingpong", ""));
    }
}
