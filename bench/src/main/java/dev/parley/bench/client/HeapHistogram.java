package dev.parley.bench.client;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live heap by class, from the JVM's own {@code GC.class_histogram} (the command {@code jcmd PID
 * GC.class_histogram} runs; it collects first, so only reachable objects count). Two of them subtract to what a
 * number of objects (sessions) hold, class by class.
 */
final class HeapHistogram {

    /** Bytes and instances of one class. */
    record Entry(String type, long instances, long bytes) {
    }

    private final Map<String, Entry> byClass;
    private final long total;

    private HeapHistogram(Map<String, Entry> byClass, long total) {
        this.byClass = byClass;
        this.total = total;
    }

    /**
     * Takes a histogram of the live heap now.
     *
     * @return the histogram
     * @throws Exception if the diagnostic command is not available
     */
    static HeapHistogram take() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, Entry> map = new HashMap<>();
        long total = 0;
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                Entry e = new Entry(f[3], Long.parseLong(f[1]), Long.parseLong(f[2]));
                map.merge(e.type, e, (a, b) -> new Entry(a.type, a.instances + b.instances, a.bytes + b.bytes));
                total += e.bytes;
            }
        }
        return new HeapHistogram(map, total);
    }

    /** @return live heap bytes */
    long total() {
        return total;
    }

    /**
     * What grew from an earlier histogram to this one, largest first.
     *
     * @param before the earlier histogram
     * @param limit how many classes to list
     * @param per what to divide by (the number of sessions)
     * @return one line per class: bytes and instances per {@code per}, and the class
     */
    List<String> growthSince(HeapHistogram before, int limit, int per) {
        List<Entry> grown = new ArrayList<>();
        for (Entry e : byClass.values()) {
            Entry b = before.byClass.get(e.type);
            long bytes = e.bytes - (b == null ? 0 : b.bytes);
            long n = e.instances - (b == null ? 0 : b.instances);
            if (bytes > 0) {
                grown.add(new Entry(e.type, n, bytes));
            }
        }
        grown.sort((x, y) -> Long.compare(y.bytes, x.bytes));
        List<String> lines = new ArrayList<>();
        for (Entry e : grown.subList(0, Math.min(limit, grown.size()))) {
            lines.add(String.format("%8.1f B %6.2f x %s", (double) e.bytes / per, (double) e.instances / per,
                    e.type));
        }
        return lines;
    }
}
