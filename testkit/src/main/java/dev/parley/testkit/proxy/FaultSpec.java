package dev.parley.testkit.proxy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text form of a {@link Fault}: {@code kind [up|down|both] [value...] [key=value...]}, for example
 * {@code latency down 200ms jitter=50ms p=0.5}. Durations carry a unit ({@code us}, {@code ms}, {@code s},
 * {@code m}; decimals allowed, {@code 0} needs none); sizes and rates are bytes with an optional {@code k},
 * {@code m} or {@code g} (powers of 1024), a rate optionally followed by {@code /s}.
 */
final class FaultSpec {

    /** The slicer's delay between pieces when the text form names none. */
    static final Duration DEFAULT_SLICER_DELAY = Duration.ofMillis(10);

    private FaultSpec() {
    }

    static Fault parse(String spec) {
        String[] words = spec.trim().split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            throw new IllegalArgumentException("fault: empty (expected: a kind such as latency, stall or down)");
        }
        Fault.Kind kind = kind(words[0]);
        String[] keys = keys(kind);
        Direction direction = null;
        Map<String, String> values = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        double probability = 1.0;
        String name = null;
        for (int i = 1; i < words.length; i++) {
            String w = words[i];
            int eq = w.indexOf('=');
            if (eq < 0 && direction == null && positional.isEmpty() && isDirection(w)) {
                direction = Direction.parse(w);
            } else if (eq < 0) {
                positional.add(w);
            } else {
                String key = w.substring(0, eq).toLowerCase(Locale.ROOT);
                String value = w.substring(eq + 1);
                if (key.equals("p") || key.equals("probability")) {
                    probability = probability(value);
                } else if (key.equals("name")) {
                    name = value;
                } else if (key.equals("direction")) {
                    direction = Direction.parse(value);
                } else if (indexOf(keys, key) >= 0) {
                    put(values, key, value);
                } else {
                    throw new IllegalArgumentException(kind.word() + ": unknown key '" + key + "' (expected: "
                            + String.join(", ", keys) + (keys.length > 0 ? ", " : "") + "p, name)");
                }
            }
        }
        if (positional.size() > keys.length) {
            throw new IllegalArgumentException(kind.word() + ": too many values " + positional
                    + " (expected: " + usage(kind) + ")");
        }
        for (int i = 0; i < positional.size(); i++) {
            put(values, keys[i], positional.get(i));
        }
        Fault fault = build(kind, values);
        if (direction != null && kind != Fault.Kind.DOWN) {
            fault = fault.direction(direction);
        } else if (direction != null && direction != Direction.BOTH) {
            throw new IllegalArgumentException("down: a connection-level fault has no direction");
        }
        fault = fault.probability(probability);
        return name == null ? fault : fault.named(name);
    }

    private static Fault build(Fault.Kind kind, Map<String, String> v) {
        switch (kind) {
            case LATENCY:
                return Fault.latency(duration(required(kind, v, "latency")), duration(v.getOrDefault("jitter", "0")));
            case BANDWIDTH:
                return Fault.bandwidth(size(required(kind, v, "rate"), true));
            case SLICER:
                return Fault.slicer(intSize(required(kind, v, "size")), intSize(v.getOrDefault("variation", "0")),
                        v.containsKey("delay") ? duration(v.get("delay")) : DEFAULT_SLICER_DELAY);
            case STALL:
                return v.containsKey("for") ? Fault.stall(duration(v.get("for"))) : Fault.stall();
            case RESET:
                return Fault.reset(duration(v.getOrDefault("after", "0")));
            case SLOW_CLOSE:
                return Fault.slowClose(duration(required(kind, v, "delay")));
            case LIMIT_DATA:
                return Fault.limitData(size(required(kind, v, "bytes"), false));
            default:
                return Fault.down();
        }
    }

    static String format(Fault f, String explicitName) {
        StringBuilder sb = new StringBuilder(f.kind().word());
        if (f.kind() != Fault.Kind.DOWN) {
            sb.append(' ').append(f.direction());
        }
        switch (f.kind()) {
            case LATENCY:
                sb.append(' ').append(formatDuration(f.time()));
                if (!f.jitter().isZero()) {
                    sb.append(" jitter=").append(formatDuration(f.jitter()));
                }
                break;
            case BANDWIDTH:
                sb.append(' ').append(formatSize(f.amount())).append("/s");
                break;
            case SLICER:
                sb.append(' ').append(f.amount()).append(" variation=").append(f.sizeVariation())
                        .append(" delay=").append(formatDuration(f.time()));
                break;
            case STALL:
                if (f.time() != null) {
                    sb.append(' ').append(formatDuration(f.time()));
                }
                break;
            case RESET:
            case SLOW_CLOSE:
                sb.append(' ').append(formatDuration(f.time()));
                break;
            case LIMIT_DATA:
                sb.append(' ').append(formatSize(f.amount()));
                break;
            default:
                break;
        }
        if (f.probability() != 1.0) {
            sb.append(" p=").append(BigDecimal.valueOf(f.probability()).stripTrailingZeros().toPlainString());
        }
        if (explicitName != null) {
            sb.append(" name=").append(explicitName);
        }
        return sb.toString();
    }

    /** Returns the kind a word names, accepting {@code slow_close}, {@code slow-close} and {@code slowclose}. */
    static Fault.Kind kind(String word) {
        String w = word.toLowerCase(Locale.ROOT).replace('-', '_');
        for (Fault.Kind k : Fault.Kind.values()) {
            if (k.word().equals(w) || k.word().replace("_", "").equals(w)) {
                return k;
            }
        }
        throw new IllegalArgumentException("fault: unknown kind '" + word + "' (expected: latency, bandwidth, "
                + "slicer, stall, reset, slow_close, limit_data or down)");
    }

    /** Parses a duration such as {@code 200ms}, {@code 1.5s}, {@code 500us}, {@code 2m} or {@code 0}. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        int split = 0;
        while (split < t.length() && (Character.isDigit(t.charAt(split)) || t.charAt(split) == '.')) {
            split++;
        }
        String unit = t.substring(split);
        long nanosPerUnit;
        switch (unit) {
            case "us":
                nanosPerUnit = 1_000L;
                break;
            case "ms":
                nanosPerUnit = 1_000_000L;
                break;
            case "s":
                nanosPerUnit = 1_000_000_000L;
                break;
            case "m":
                nanosPerUnit = 60_000_000_000L;
                break;
            default:
                throw new IllegalArgumentException("duration: '" + text + "' (expected: a number and a unit,"
                        + " us, ms, s or m, such as 200ms)");
        }
        try {
            BigDecimal nanos = new BigDecimal(t.substring(0, split)).multiply(BigDecimal.valueOf(nanosPerUnit));
            return Duration.ofNanos(nanos.longValueExact());
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("duration: '" + text + "' (expected: such as 200ms or 1.5s)", e);
        }
    }

    /** Parses a byte count such as {@code 512}, {@code 10k} or {@code 1m}; a rate may end in {@code /s}. */
    static long size(String text, boolean rate) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (rate && t.endsWith("/s")) {
            t = t.substring(0, t.length() - 2);
        }
        long multiplier = 1;
        if (t.endsWith("k") || t.endsWith("m") || t.endsWith("g")) {
            multiplier = t.endsWith("k") ? 1L << 10 : t.endsWith("m") ? 1L << 20 : 1L << 30;
            t = t.substring(0, t.length() - 1);
        }
        try {
            long value = Long.parseLong(t);
            if (value < 0) {
                throw new NumberFormatException("negative");
            }
            return Math.multiplyExact(value, multiplier);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException((rate ? "rate" : "size") + ": '" + text
                    + "' (expected: bytes, optionally with k, m or g, such as 10k)", e);
        }
    }

    static String formatDuration(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0ms";
        }
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        if (nanos % 1_000L == 0) {
            return nanos / 1_000L + "us";
        }
        return BigDecimal.valueOf(nanos, 3).stripTrailingZeros().toPlainString() + "us";
    }

    private static String formatSize(long bytes) {
        if (bytes != 0 && bytes % (1L << 20) == 0) {
            return bytes / (1L << 20) + "m";
        }
        if (bytes != 0 && bytes % (1L << 10) == 0) {
            return bytes / (1L << 10) + "k";
        }
        return Long.toString(bytes);
    }

    private static String[] keys(Fault.Kind kind) {
        switch (kind) {
            case LATENCY:
                return new String[] {"latency", "jitter"};
            case BANDWIDTH:
                return new String[] {"rate"};
            case SLICER:
                return new String[] {"size", "variation", "delay"};
            case STALL:
                return new String[] {"for"};
            case RESET:
                return new String[] {"after"};
            case SLOW_CLOSE:
                return new String[] {"delay"};
            case LIMIT_DATA:
                return new String[] {"bytes"};
            default:
                return new String[0];
        }
    }

    private static String usage(Fault.Kind kind) {
        StringBuilder sb = new StringBuilder(kind.word());
        if (kind != Fault.Kind.DOWN) {
            sb.append(" [up|down|both]");
        }
        for (String key : keys(kind)) {
            sb.append(" [").append(key).append(']');
        }
        return sb.toString();
    }

    private static String required(Fault.Kind kind, Map<String, String> values, String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException(kind.word() + ": missing " + key + " (expected: " + usage(kind) + ")");
        }
        return v;
    }

    private static void put(Map<String, String> values, String key, String value) {
        if (values.put(key, value) != null) {
            throw new IllegalArgumentException("fault: " + key + " given twice");
        }
    }

    private static int intSize(String text) {
        long v = size(text, false);
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("size: '" + text + "' (expected: <= " + Integer.MAX_VALUE + ")");
        }
        return (int) v;
    }

    private static double probability(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("probability: '" + text + "' (expected: 0 to 1)", e);
        }
    }

    private static boolean isDirection(String w) {
        String l = w.toLowerCase(Locale.ROOT);
        return l.equals("up") || l.equals("down") || l.equals("both");
    }

    private static int indexOf(String[] keys, String key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }
}
