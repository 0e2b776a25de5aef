package dev.parley.codec.framing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FramingSpecTest {

    @Test
    void toBuilderRoundTripsEveryOption() {
        FramingSpec spec = Framing.delimited(Delimiter.crlf(), Delimiter.of("$>\0"))
                .maxLineLength(100)
                .oversizePolicy(OversizePolicy.CLOSE)
                .chunkSize(7)
                .maxBlockLength(0)
                .maxSkipLength(12)
                .blockAnnouncer(BlockAnnouncer.parley())
                .blockTrailer((byte) '\r', (byte) '\n')
                .build();

        FramingSpec copy = spec.toBuilder().build();

        assertEquals(spec, copy);
        assertEquals(spec.hashCode(), copy.hashCode());
        assertEquals(List.of(Delimiter.crlf(), Delimiter.of("$>\0")), copy.delimiters());
        assertEquals(100, copy.maxLineLength());
        assertEquals(OversizePolicy.CLOSE, copy.oversizePolicy());
        assertEquals(7, copy.chunkSize());
        assertEquals(0, copy.maxBlockLength());
        assertEquals(12, copy.maxSkipLength());
        assertNotEquals(spec, spec.toBuilder().maxSkipLength(13).build());
        assertEquals(BlockAnnouncer.parley(), copy.blockAnnouncer());
        assertArrayEquals(new byte[] {'\r', '\n'}, copy.blockTrailer());
    }

    @Test
    void toBuilderChangesOnlyWhatIsSet() {
        FramingSpec spec = Framing.parley().build();

        FramingSpec changed = spec.toBuilder().maxLineLength(10).build();

        assertNotEquals(spec, changed);
        assertEquals(spec, changed.toBuilder().maxLineLength(FramingSpec.DEFAULT_MAX_LINE_LENGTH).build());
    }

    @Test
    void defaultsAreTheDocumentedConstants() {
        FramingSpec spec = FramingSpec.builder().build();

        assertEquals(List.of(Delimiter.lf()), spec.delimiters());
        assertEquals(FramingSpec.DEFAULT_MAX_LINE_LENGTH, spec.maxLineLength());
        assertEquals(FramingSpec.DEFAULT_OVERSIZE_POLICY, spec.oversizePolicy());
        assertEquals(FramingSpec.DEFAULT_CHUNK_SIZE, spec.chunkSize());
        assertEquals(FramingSpec.DEFAULT_MAX_BLOCK_LENGTH, spec.maxBlockLength());
        assertEquals(FramingSpec.DEFAULT_MAX_SKIP_LENGTH, spec.maxSkipLength());
        assertEquals(FramingSpec.DEFAULT_MAX_SKIP_LENGTH, spec.maxAnnouncedLength());
        assertEquals(BlockAnnouncer.NONE, spec.blockAnnouncer());
        assertEquals(0, spec.blockTrailer().length);
    }

    @Test
    void trailerIsCopiedInAndOut() {
        byte[] trailer = {'\r', '\n'};
        FramingSpec spec = Framing.lines().blockTrailer(trailer).build();
        trailer[0] = 'x';
        spec.blockTrailer()[1] = 'y';

        assertArrayEquals(new byte[] {'\r', '\n'}, spec.blockTrailer());
    }

    @Test
    void builderRejectsOutOfRangeValuesNamingValueAndBound() {
        assertMessage("maxLineLength: 0 (expected: > 0)", () -> Framing.lines().maxLineLength(0).build());
        assertMessage("chunkSize: -1 (expected: > 0)", () -> Framing.lines().chunkSize(-1).build());
        assertMessage("maxBlockLength: -1 (expected: >= 0)", () -> Framing.lines().maxBlockLength(-1).build());
        assertMessage("maxSkipLength: -1 (expected: >= 0)", () -> Framing.lines().maxSkipLength(-1).build());
        assertMessage("delimiters: 0 (expected: >= 1)", () -> Framing.lines().delimiters(List.of()).build());
        assertMessage("delimiter length: 0 (expected: > 0)", () -> Delimiter.of(new byte[0]));
        assertThrows(NullPointerException.class, () -> Framing.lines().oversizePolicy(null));
        assertThrows(NullPointerException.class, () -> Framing.lines().blockAnnouncer(null));
    }

    private static void assertMessage(String expected, Runnable build) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, build::run).getMessage());
    }
}
