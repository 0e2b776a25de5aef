package dev.parley.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeakDetectionTest {

    private static final String MARKER = "deliberately leaked by LeakDetectionTest";

    @Test
    void leakCheckReportsADeliberatelyLeakedBuffer() {
        assertTrue(LeakDetection.isInstalled(), "the extension installs leak recording");
        // Leaks of earlier tests must not be swallowed here: fail on them before leaking on purpose.
        assertEquals(List.of(), LeakDetection.collectLeaks(), "leaks from before this test");

        leakOneBuffer();
        List<String> leaks = new ArrayList<>();
        for (int attempt = 0; attempt < 20 && leaks.isEmpty(); attempt++) {
            leaks.addAll(LeakDetection.collectLeaks());
        }

        // The reports are drained, so the extension's own check after this test sees nothing.
        assertFalse(leaks.isEmpty(), "the leaked buffer was not reported");
        for (String leak : leaks) {
            assertTrue(leak.contains(MARKER), "unexpected leak:\n" + leak);
        }
    }

    /** Kept in its own frame so that no local variable keeps the buffer reachable. */
    private static void leakOneBuffer() {
        ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(16).writeLong(42);
        buf.touch(MARKER);
    }
}
