package dev.parley.bench.abuse;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The figures of one {@link AbuseRun} and the bounds they are held to; {@link #text()} is the report block.
 *
 * <p>The bounds: the good client's p99 under {@link AbuseOptions#p99BoundMillis} and no failed call; the agent's
 * peak resident memory (VmHWM) under {@link AbuseOptions#rssBound()} (its heap cap, the JVM's own memory and a
 * per-connection share); its peak open descriptors under {@link AbuseOptions#fdBound()} (one socket per admitted
 * connection plus a fixed headroom for the JVM, epoll and the files that pulls in progress hold); every flood
 * connection answered within {@value Flood#ANSWER_MILLIS} ms, with {@code BYE BUSY} among the answers; the long
 * line answered {@code ERR TOO_LONG} and the {@code ping} after it answered; slowloris connections ended by
 * {@code BYE IDLE} (when the run outlasts the idle timeout); no {@code OutOfMemoryError}; and the agent still
 * serving at the end.
 */
final class AbuseReport {

    /** One bound: what it says, whether it held, and what was measured. */
    record Bound(String name, boolean pass, String measured) {
    }

    private final AbuseOptions o;
    private final long pid;
    AgentProcess.ProcSample baseline;
    AgentProcess.ProcSample duringAttack;
    AgentProcess.ProcSample afterClose;
    long settleMillis;
    List<Attack> attacks = List.of();
    GoodClient good;
    final List<String> stragglers = new ArrayList<>();
    long elapsedMillis;
    long startMillis;
    long stopMillis;
    int peakFds;
    int peakRootFiles;
    long peakThreads;
    long peakRssKiB;
    boolean aliveAtEnd;
    String finalPing = "-";
    int exitStatus;
    Tally log = new Tally();
    java.util.Map<String, String> logExamples = java.util.Map.of();
    long logBytes;

    AbuseReport(AbuseOptions o, long pid) {
        this.o = o;
        this.pid = pid;
    }

    /** After the attackers closed: waits (bounded) until the agent's descriptors are back near the baseline. */
    void settle(AgentProcess agent, long withinMillis) {
        long start = System.nanoTime();
        long end = start + withinMillis * 1_000_000L;
        afterClose = agent.sample();
        while (afterClose.fds() > baseline.fds() + 8 && System.nanoTime() - end < 0) {
            LockSupport.parkNanos(ProcWatch.EVERY_MILLIS * 1_000_000L);
            afterClose = agent.sample();
        }
        settleMillis = (System.nanoTime() - start) / 1_000_000L;
    }

    Attack attack(String name) {
        return attacks.stream().filter(a -> a.name.equals(name)).findFirst().orElseThrow();
    }

    /** @return every bound with its outcome */
    List<Bound> bounds() {
        List<Bound> b = new ArrayList<>();
        Histogram h = good.latency;
        double p99 = h.getValueAtPercentile(99) / 1000.0;
        b.add(new Bound("good client p99 < " + fmt(o.p99BoundMillis) + " ms", h.getTotalCount() > 0
                && p99 < o.p99BoundMillis, fmt(p99) + " ms over " + h.getTotalCount() + " calls"));
        b.add(new Bound("good client: no failed call", good.errorCount() == 0, good.errorCount() + " failed"));
        b.add(new Bound("agent peak RSS (VmHWM) < " + fmt(o.rssBound()) + " MiB (heap " + o.agentHeapMiB + " + JVM "
                + AbuseOptions.JVM_OWN_MIB + " + " + AbuseOptions.CONNECTION_KIB + " KiB x " + o.maxConnections
                + " connections)", peakRssKiB > 0 && peakRssKiB < o.rssBound() * 1024, mib(peakRssKiB)));
        b.add(new Bound("agent peak open fds < " + o.fdBound() + " (max-connections " + o.maxConnections + " + "
                + o.fdHeadroom + ")", peakFds > 0 && peakFds < o.fdBound(), peakFds + " fds"));
        Tally flood = attack("flood").tally;
        b.add(new Bound("flood: every connection answered within " + Flood.ANSWER_MILLIS + " ms, BYE BUSY among them",
                flood.get("no answer") == 0 && flood.get("BYE BUSY") > 0 && flood.get("rounds") > 0,
                flood.get("no answer") + " unanswered, " + flood.get("BYE BUSY") + " BYE BUSY"));
        Tally longLine = attack("long line").tally;
        b.add(new Bound("long line: ERR TOO_LONG, then the next request answered", longLine.get("ERR TOO_LONG") == 1
                && longLine.get("OK") == 1,
                longLine.get("ERR TOO_LONG") + " ERR TOO_LONG, " + longLine.get("OK") + " OK"));
        if (o.duration.compareTo(o.idleTimeout.plus(o.slowlorisEvery).multipliedBy(2)) > 0) {
            Tally slow = attack("slowloris").tally;
            b.add(new Bound("slowloris: ended by BYE IDLE", slow.get("BYE IDLE") > 0,
                    slow.get("BYE IDLE") + " BYE IDLE"));
        }
        b.add(new Bound("agent: no OutOfMemoryError", log.get("OutOfMemoryError") == 0,
                log.get("OutOfMemoryError") + " in its output (heap or direct)"));
        b.add(new Bound("agent still serves after the attacks", aliveAtEnd && "OK pong".equals(finalPing)
                && stragglers.isEmpty(), "final ping: " + finalPing + (aliveAtEnd ? "" : ", process gone")
                + (stragglers.isEmpty() ? "" : ", attack threads still running: " + stragglers)));
        return b;
    }

    /** @return whether every bound held */
    boolean pass() {
        return bounds().stream().allMatch(Bound::pass);
    }

    /** @return the report: one plain-text block */
    String text() {
        StringBuilder s = new StringBuilder();
        s.append("== parley agent abuse run ==\n");
        s.append("agent pid ").append(pid).append(", ").append(o).append(", token auth, 127.0.0.1 only\n");
        s.append("agent ready in ").append(startMillis).append(" ms; attacks ran ").append(elapsedMillis)
                .append(" ms; agent stopped (SIGTERM) in ").append(stopMillis).append(" ms\n\n");
        for (Attack a : attacks) {
            s.append(String.format("%-22s %s%n", a.name, a.describe()));
            s.append(String.format("%-22s   %s%n", "", a.tally));
        }
        Histogram h = good.latency;
        s.append(String.format("%n%-22s %s%n", "good client", "authenticated AgentClient: ping, stat, pull of "
                + AbuseRun.SMALL_FILE_BYTES + " B in turn, " + o.goodPause.toMillis() + " ms apart"));
        s.append(String.format("%-22s   calls %s; failed %d %s%n", "", good.calls, good.errorCount(),
                good.errorCount() == 0 ? "" : "(" + good.errors + ")"));
        s.append(String.format("%-22s   latency p50 %s ms, p99 %s ms, p99.9 %s ms, max %s ms%n", "",
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
                ms(h.getMaxValue())));
        s.append(String.format("%n%-22s peak RSS (VmHWM) %s; VmRSS before %s, at the end of the attacks %s%n",
                "agent", mib(peakRssKiB), mib(baseline.rssKiB()), mib(duringAttack.rssKiB())));
        s.append(String.format("%-22s   open fds: before %d, peak %d, %d after the attackers closed (%d ms later)%n",
                "", baseline.fds(), peakFds, afterClose.fds(), settleMillis));
        s.append(String.format("%-22s   files under the root open: peak %d; threads: peak %d%n", "", peakRootFiles,
                peakThreads));
        s.append(String.format("%-22s   output after the ready line: %s lines, %s bytes (%s); exit status %d%n", "",
                String.format("%,d", log.get("lines")), String.format("%,d", logBytes), log, exitStatus));
        logExamples.forEach((code, line) -> s.append(String.format("%-22s   first %s: %s%n", "", code, line)));
        s.append("\nbounds\n");
        List<Bound> bounds = bounds();
        for (Bound b : bounds) {
            s.append(String.format("  %s  %s: %s%n", b.pass() ? "PASS" : "FAIL", b.name(), b.measured()));
        }
        long failed = bounds.stream().filter(b -> !b.pass()).count();
        s.append(failed == 0 ? "RESULT: PASS\n" : "RESULT: FAIL (" + failed + " of " + bounds.size() + " bounds)\n");
        return s.toString();
    }

    private static String ms(long micros) {
        return fmt(micros / 1000.0);
    }

    private static String fmt(double v) {
        return String.format("%.2f", v);
    }

    private static String mib(long kib) {
        return kib < 0 ? "-" : String.format("%.1f MiB", kib / 1024.0);
    }
}
