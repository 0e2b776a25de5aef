package dev.parley.micrometer;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a tag's values bounded: the values of a fixed set, or the first {@code max} distinct values seen; anything
 * else is {@link ParleyMetrics#OTHER}. Thread-safe; a known value costs one hash lookup and no allocation.
 */
final class BoundedTags {

    private final Set<String> fixed;
    private final int max;
    private final ConcurrentHashMap<String, String> seen = new ConcurrentHashMap<>();

    BoundedTags(Set<String> fixed, int max) {
        this.fixed = fixed;
        this.max = max;
    }

    /** @return {@code value} when it is within the bound, else {@link ParleyMetrics#OTHER} */
    String of(String value) {
        if (value == null) {
            return ParleyMetrics.OTHER;
        }
        if (fixed != null) {
            return fixed.contains(value) ? value : ParleyMetrics.OTHER;
        }
        String known = seen.get(value);
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (seen.size() >= max) {
                return ParleyMetrics.OTHER;
            }
            return seen.computeIfAbsent(value, v -> v);
        }
    }
}
