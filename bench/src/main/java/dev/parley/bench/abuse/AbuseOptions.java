package dev.parley.bench.abuse;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * What {@link AbuseRun} does and the bounds it checks, from {@code --name value} arguments. The defaults take about
 * a minute; {@link #small()} is the few-second version the build runs. Mutable, filled once before the run.
 */
final class AbuseOptions {

    /** The JVM's own memory in the RSS bound, besides its heap, in MiB. */
    static final int JVM_OWN_MIB = 128;
    /** What one admitted connection may hold in the RSS bound, in KiB. */
    static final int CONNECTION_KIB = 128;

    /** How long the attacks last. */
    Duration duration = Duration.ofSeconds(45);
    /** Seed of the random garbage and the token. */
    long seed = 42;
    /** The agent's {@code --max-connections}. */
    int maxConnections = 700;
    /** The agent's {@code --idle-timeout}. */
    Duration idleTimeout = Duration.ofSeconds(10);
    /** The agent JVM's {@code -Xmx}, in MiB. */
    int agentHeapMiB = 256;

    /** Slowloris connections, and the pause between the few bytes each sends. */
    int slowloris = 500;
    Duration slowlorisEvery = Duration.ofSeconds(2);
    /** Connections the flood opens per round, and how often a round starts. */
    int flood = 300;
    Duration floodEvery = Duration.ofSeconds(5);
    /** {@code pull /big.bin} pipelined by the one never-reading pull client; the size of the file in MiB. */
    int pulls = 5_000;
    int bigFileMiB = 8;
    /** Never-reading clients pipelining {@code ls} of a directory of {@code lsEntries} files, and requests each. */
    int lsClients = 3;
    int lsRequests = 2_000;
    int lsEntries = 5_000;
    /** Unauthenticated never-reading clients pipelining {@code help}, and requests each. */
    int helpClients = 100;
    int helpRequests = 2_000;
    /** SO_RCVBUF of the never-reading clients, in bytes. */
    int neverReaderReceiveBuffer = 4096;
    /** Length of the one over-long line, in MiB. */
    int longLineMiB = 64;
    /** Connections sending random bytes, and the most bytes each sends in all. */
    int garbage = 4;
    long garbageBytes = 4L << 20;
    /** The well-behaved client's pause between calls. */
    Duration goodPause = Duration.ofMillis(5);

    /** How long to wait after the attacks for the agent's descriptors to come back near where they started. */
    Duration settle = Duration.ofSeconds(5);
    /** Where the agent's output is kept, or null for a file deleted with the run's other files. */
    java.nio.file.Path agentLog;

    /** Bound: the good client's p99, in milliseconds. */
    double p99BoundMillis = 50;
    /** Bound: the agent's peak resident memory (VmHWM), in MiB; 0 for {@link #rssBound()}'s derived bound. */
    long rssBoundMiB;
    /** Bound: the agent's open file descriptors above {@link #maxConnections} (one socket per connection). */
    int fdHeadroom = 256;

    /**
     * The good client's p99 bound of the short run, in milliseconds. A few hundred calls in 5 s put the p99 on the
     * third slowest call, which one collection or a busy build machine moves past 50 ms; a starved client (the one
     * this run exists to catch) waits seconds or fails. So the short run bounds starvation, the full run latency.
     */
    static final double SMALL_P99_BOUND_MILLIS = 500;

    /**
     * @return the options the build's short test uses: a few seconds, small counts, the same bounds except the p99
     *         ({@link #SMALL_P99_BOUND_MILLIS})
     */
    static AbuseOptions small() {
        AbuseOptions o = new AbuseOptions();
        o.p99BoundMillis = SMALL_P99_BOUND_MILLIS;
        o.duration = Duration.ofSeconds(5);
        o.maxConnections = 150;
        o.idleTimeout = Duration.ofMillis(1500);
        o.slowloris = 40;
        o.slowlorisEvery = Duration.ofMillis(500);
        o.flood = 120;
        o.floodEvery = Duration.ofSeconds(2);
        o.pulls = 2_000;
        o.bigFileMiB = 2;
        o.lsClients = 1;
        o.lsRequests = 500;
        o.lsEntries = 1_000;
        o.helpClients = 10;
        o.helpRequests = 500;
        o.longLineMiB = 8;
        o.garbage = 2;
        o.garbageBytes = 256 * 1024;
        o.settle = Duration.ofSeconds(2);
        return o;
    }

    /**
     * Applies {@code --name value} pairs; names are the field names in kebab case ({@code --max-connections 600},
     * {@code --duration 30s}; durations as {@code 500ms}, {@code 30s}, {@code 2m}).
     *
     * @param args the pairs
     * @return this
     * @throws IllegalArgumentException on an unknown name, a missing value or a value that does not parse
     */
    AbuseOptions parse(String... args) {
        Map<String, BiConsumer<AbuseOptions, String>> setters = setters();
        for (int i = 0; i < args.length; i++) {
            BiConsumer<AbuseOptions, String> setter = setters.get(args[i]);
            if (setter == null || i + 1 == args.length) {
                throw new IllegalArgumentException((setter == null ? "unknown option: " : "missing value: ")
                        + args[i] + " (expected one of " + String.join(" ", setters.keySet()) + ")");
            }
            try {
                setter.accept(this, args[++i]);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(args[i - 1] + ": '" + args[i] + "' (" + e.getMessage() + ")", e);
            }
        }
        if (maxConnections < 1 || agentHeapMiB < 16 || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("max-connections: " + maxConnections
                    + " (expected: >= 1), agent-heap-mib: " + agentHeapMiB + " (expected: >= 16), duration: "
                    + duration + " (expected: > 0)");
        }
        return this;
    }

    private static Map<String, BiConsumer<AbuseOptions, String>> setters() {
        Map<String, BiConsumer<AbuseOptions, String>> m = new LinkedHashMap<>();
        m.put("--duration", (o, v) -> o.duration = duration(v));
        m.put("--seed", (o, v) -> o.seed = Long.parseLong(v));
        m.put("--max-connections", (o, v) -> o.maxConnections = Integer.parseInt(v));
        m.put("--idle-timeout", (o, v) -> o.idleTimeout = duration(v));
        m.put("--agent-heap-mib", (o, v) -> o.agentHeapMiB = Integer.parseInt(v));
        m.put("--slowloris", (o, v) -> o.slowloris = Integer.parseInt(v));
        m.put("--slowloris-every", (o, v) -> o.slowlorisEvery = duration(v));
        m.put("--flood", (o, v) -> o.flood = Integer.parseInt(v));
        m.put("--flood-every", (o, v) -> o.floodEvery = duration(v));
        m.put("--pulls", (o, v) -> o.pulls = Integer.parseInt(v));
        m.put("--big-file-mib", (o, v) -> o.bigFileMiB = Integer.parseInt(v));
        m.put("--ls-clients", (o, v) -> o.lsClients = Integer.parseInt(v));
        m.put("--ls-requests", (o, v) -> o.lsRequests = Integer.parseInt(v));
        m.put("--ls-entries", (o, v) -> o.lsEntries = Integer.parseInt(v));
        m.put("--help-clients", (o, v) -> o.helpClients = Integer.parseInt(v));
        m.put("--help-requests", (o, v) -> o.helpRequests = Integer.parseInt(v));
        m.put("--receive-buffer", (o, v) -> o.neverReaderReceiveBuffer = Integer.parseInt(v));
        m.put("--long-line-mib", (o, v) -> o.longLineMiB = Integer.parseInt(v));
        m.put("--garbage", (o, v) -> o.garbage = Integer.parseInt(v));
        m.put("--garbage-bytes", (o, v) -> o.garbageBytes = Long.parseLong(v));
        m.put("--good-pause", (o, v) -> o.goodPause = duration(v));
        m.put("--settle", (o, v) -> o.settle = duration(v));
        m.put("--agent-log", (o, v) -> o.agentLog = java.nio.file.Path.of(v));
        m.put("--p99-bound-ms", (o, v) -> o.p99BoundMillis = Double.parseDouble(v));
        m.put("--rss-bound-mib", (o, v) -> o.rssBoundMiB = Long.parseLong(v));
        m.put("--fd-headroom", (o, v) -> o.fdHeadroom = Integer.parseInt(v));
        return m;
    }

    private static Duration duration(String v) {
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        if (v.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        throw new IllegalArgumentException("expected a duration such as 500ms, 30s or 2m");
    }

    /**
     * Returns the bound on the agent's peak resident memory: its heap cap, {@value #JVM_OWN_MIB} MiB for the JVM's own
     * memory (code, metaspace, thread stacks, GC structures: 80-90 MiB measured before any attack), and
     * {@value #CONNECTION_KIB} KiB per connection it admits (twice the 64 KiB write buffer high-water mark above
     * which the agent stops reading, for one reply in progress and one 8 KiB line). With the defaults: 256 + 128 +
     * 700 x 128 KiB = 471.5 MiB.
     *
     * @return the bound in MiB, or {@link #rssBoundMiB} if it was set
     */
    double rssBound() {
        return rssBoundMiB > 0 ? rssBoundMiB
                : agentHeapMiB + JVM_OWN_MIB + maxConnections * (double) CONNECTION_KIB / 1024;
    }

    /** @return the bound on open file descriptors: one per connection the agent admits, plus the headroom */
    int fdBound() {
        return maxConnections + fdHeadroom;
    }

    @Override
    public String toString() {
        return "duration " + duration.toSeconds() + " s, seed " + seed + ", agent --max-connections " + maxConnections
                + " --idle-timeout " + idleTimeout.toMillis() + "ms -Xmx" + agentHeapMiB + "m";
    }
}
