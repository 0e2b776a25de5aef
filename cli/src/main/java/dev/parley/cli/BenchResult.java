package dev.parley.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * The figures of one {@code parley bench} run, printed as text or as one JSON object (field names as the record's
 * components). Latencies are in microseconds, rounded to 0.1 µs; they are 0 when no reply was counted.
 *
 * @param target the server, {@code host:port}
 * @param request the request line sent
 * @param connections the number of connections
 * @param depth the requests each connection kept outstanding
 * @param warmupSeconds the warm-up, not measured
 * @param durationSeconds the measured interval (shorter than asked if every connection closed early)
 * @param ops replies counted in the measured interval
 * @param opsPerSecond {@code ops / durationSeconds}
 * @param p50Micros median latency
 * @param p90Micros 90th percentile
 * @param p99Micros 99th percentile
 * @param p999Micros 99.9th percentile
 * @param maxMicros largest latency
 * @param meanMicros mean latency
 * @param failures {@code closed + timeouts + unexpected}
 * @param closed connections the peer closed (or that failed) before the end
 * @param timeouts requests unanswered within the timeout
 * @param unexpected reply lines that did not start with the expected prefix, or that came unasked
 * @param firstReply the first reply line read (after a skipped greeting), or {@code null} if none came
 * @param firstUnexpected the first line counted as unexpected, or {@code null} if none was
 */
record BenchResult(String target, String request, int connections, int depth, double warmupSeconds,
                   double durationSeconds, long ops, double opsPerSecond, double p50Micros, double p90Micros,
                   double p99Micros, double p999Micros, double maxMicros, double meanMicros, long failures,
                   long closed, long timeouts, long unexpected, String firstReply,
                   String firstUnexpected) {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    static BenchResult of(BenchPlan plan, InetSocketAddress address, long measuredNanos, Histogram latencies,
                          long ops, long unexpected, long timeouts, long closed, String firstReply,
                          String firstUnexpected) {
        double seconds = measuredNanos / 1e9;
        boolean any = latencies.getTotalCount() > 0;
        String host = address.getHostString();
        String target = (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
        return new BenchResult(target, plan.requestLine(), plan.connections(), plan.depth(),
                plan.warmup().toMillis() / 1e3, Math.round(seconds * 1e3) / 1e3, ops,
                seconds > 0 ? Math.round(ops / seconds * 10) / 10.0 : 0,
                any ? micros(latencies.getValueAtPercentile(50)) : 0,
                any ? micros(latencies.getValueAtPercentile(90)) : 0,
                any ? micros(latencies.getValueAtPercentile(99)) : 0,
                any ? micros(latencies.getValueAtPercentile(99.9)) : 0,
                any ? micros(latencies.getMaxValue()) : 0,
                any ? Math.round(latencies.getMean() / 100) / 10.0 : 0,
                closed + timeouts + unexpected, closed, timeouts, unexpected, firstReply,
                firstUnexpected);
    }

    private static double micros(long nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }

    /** @return this result as one line of JSON */
    String toJson() {
        return GSON.toJson(this);
    }

    /**
     * Prints the result for a person.
     *
     * @param out where to print
     */
    void print(PrintWriter out) {
        out.printf(Locale.ROOT, "%s '%s': %d connection%s x %d outstanding, %.1f s measured after %.1f s warm-up%n",
                target, request, connections, connections == 1 ? "" : "s", depth, durationSeconds, warmupSeconds);
        out.printf(Locale.ROOT, "reply     %s%n", firstReply == null ? "(none)" : firstReply);
        out.printf(Locale.ROOT, "ops       %d (%,.0f ops/s)%n", ops, opsPerSecond);
        out.printf(Locale.ROOT, "latency   p50 %.1f us  p90 %.1f us  p99 %.1f us  p99.9 %.1f us  max %.1f us"
                + "  (mean %.1f us)%n", p50Micros, p90Micros, p99Micros, p999Micros, maxMicros, meanMicros);
        out.printf(Locale.ROOT, "failures  %d (closed %d, timeouts %d, unexpected %d)%n", failures, closed, timeouts,
                unexpected);
        if (firstUnexpected != null) {
            out.printf(Locale.ROOT, "unexpected line  %s%n", firstUnexpected);
        }
        out.flush();
    }

    /**
     * Returns the exit status for this result: {@link ExitStatus#TEMP_FAIL} if a connection closed or a request
     * timed out; else {@link ExitStatus#ERR_REPLY} if some reply lines did not start with the expected prefix; else
     * {@link ExitStatus#TEMP_FAIL} if no reply was counted; {@link ExitStatus#OK} otherwise.
     *
     * @return the status
     */
    int exitStatus() {
        if (closed > 0 || timeouts > 0) {
            return ExitStatus.TEMP_FAIL;
        }
        if (unexpected > 0) {
            return ExitStatus.ERR_REPLY;
        }
        return ops == 0 ? ExitStatus.TEMP_FAIL : ExitStatus.OK;
    }
}
