package dev.parley.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Records every Netty resource leak that Netty's own {@link ResourceLeakDetector} reports, so that tests can fail
 * on them instead of leaving a line in a log nobody reads.
 *
 * <p>{@link #install()} replaces Netty's {@link ResourceLeakDetectorFactory} and switches detection to
 * {@link ResourceLeakDetector.Level#PARANOID}. It must run before the first {@code ByteBuf} class is initialised;
 * {@link LeakCheckExtension} does it for JUnit 5 tests. Reports are still logged by Netty as usual.
 */
public final class LeakDetection {

    private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();
    private static volatile boolean installed;

    private LeakDetection() {
    }

    /**
     * Installs the recording leak detector factory and sets paranoid detection. Idempotent.
     */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
        installed = true;
    }

    /**
     * Returns whether {@link #install()} has run in this JVM.
     *
     * @return {@code true} once installed
     */
    public static boolean isInstalled() {
        return installed;
    }

    /**
     * Collects garbage and allocates a few buffers so that Netty polls its reference queues, then returns and
     * forgets every leak reported so far.
     *
     * @return the leak reports, oldest first; empty when nothing leaked
     */
    public static List<String> collectLeaks() {
        for (int round = 0; round < 2; round++) {
            System.gc();
            // Leak reports are produced when the detector is next used: allocate and release a few buffers.
            for (int i = 0; i < 8; i++) {
                ByteBuf probe = ByteBufAllocator.DEFAULT.buffer(8);
                probe.release();
            }
        }
        List<String> drained = new ArrayList<>();
        String leak;
        while ((leak = LEAKS.poll()) != null) {
            drained.add(leak);
        }
        return drained;
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                   long maxActive) {
            return new RecordingDetector<>(resource, samplingInterval);
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add("LEAK: " + resourceType + " was garbage-collected without release()." + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.add("LEAK: " + resourceType + " was garbage-collected without release().");
            super.reportUntracedLeak(resourceType);
        }
    }
}
