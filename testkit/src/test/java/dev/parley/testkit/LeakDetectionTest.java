package dev.parley.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

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
        // Garbage collection and reference processing run on other threads: on a busy machine the report can take a
        // while. Keep collecting (bounded) until it arrives, so it never surfaces in a later test instead.
        List<String> leaks = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (leaks.isEmpty() && System.nanoTime() - end < 0) {
            leaks.addAll(LeakDetection.collectLeaks());
            if (leaks.isEmpty()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
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
