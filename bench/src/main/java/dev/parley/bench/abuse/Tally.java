package dev.parley.bench.abuse;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Counts of what one attack saw, by name: the agent's answers ({@code HELLO}, {@code BYE BUSY}, {@code ERR TOO_LONG},
 * ...) and the attacker's own events ({@code connections}, {@code bytes sent}). Thread-safe.
 */
final class Tally {

    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    void add(String key) {
        add(key, 1);
    }

    void add(String key, long n) {
        counts.computeIfAbsent(key, k -> new LongAdder()).add(n);
    }

    long get(String key) {
        LongAdder a = counts.get(key);
        return a == null ? 0 : a.sum();
    }

    /** Counts a reply line under its kind: {@code HELLO}, {@code OK}, {@code ERR <CODE>}, {@code BYE <CODE>}. */
    void answer(String line) {
        add(kind(line));
    }

    /** @return the kind and code of a reply line, or {@code other} for a line that is none of the four */
    static String kind(String line) {
        String[] words = line.split(" ", 3);
        switch (words[0]) {
            case "HELLO":
            case "OK":
                return words[0];
            case "ERR":
            case "BYE":
                return words.length > 1 ? words[0] + " " + words[1] : words[0];
            default:
                return "other";
        }
    }

    /** @return the counts sorted by name */
    Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** @return {@code name n, name n, ...} sorted by name, or {@code -} when nothing was counted */
    @Override
    public String toString() {
        Map<String, Long> m = snapshot();
        if (m.isEmpty()) {
            return "-";
        }
        return m.entrySet().stream().map(e -> e.getKey() + " " + String.format("%,d", e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
