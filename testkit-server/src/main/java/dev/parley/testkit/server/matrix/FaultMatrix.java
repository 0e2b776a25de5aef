package dev.parley.testkit.server.matrix;

import dev.parley.client.Request;
import dev.parley.client.RetryPolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Holds the client's record of a run against the server's, call by call, and lists every broken promise:
 * <ul>
 *   <li>every call ended, within its deadline plus a slack, with a reply or a typed
 *       {@code ParleyClientException};</li>
 *   <li>every reply echoes its own request's id (no reply reached the wrong request);</li>
 *   <li>an action ran at most once; one that was answered ran exactly once;</li>
 *   <li>a request whose error says it never ran (not sent, rejected) ran zero times; one that "may have run" ran
 *       zero times or once (an action) or at most {@link RetryPolicy#maxAttempts()} times (a query or an idempotent
 *       action); an answered query ran at least once and at most that often;</li>
 *   <li>the server ran no request that the client never sent.</li>
 * </ul>
 * Reconcile once the run is over and the server quiet, so that the counts are final.
 */
public final class FaultMatrix {

    private FaultMatrix() {
    }

    /**
     * Compares the records of a run.
     *
     * @param records the client's record of every call
     * @param executions the server's executions per request id ({@link ExecutionCounter#snapshot()})
     * @param slack how long a call may outlive its deadline (the client's deadline sweep, a busy machine)
     * @param policy the client's retry policy, which bounds how often an idempotent request may run
     * @return the report; {@link Report#violations()} is empty when every promise held
     */
    public static Report reconcile(Collection<CallRecord> records, Map<String, Integer> executions, Duration slack,
                                   RetryPolicy policy) {
        Objects.requireNonNull(slack, "slack");
        Objects.requireNonNull(policy, "policy");
        List<String> violations = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        Set<String> sent = new HashSet<>();
        Duration maxOvershoot = null;
        for (CallRecord r : records) {
            sent.add(r.id());
            outcomes.merge(r.kind().label() + ' ' + r.outcomeName(), 1, Integer::sum);
            if (maxOvershoot == null || r.overshoot().compareTo(maxOvershoot) > 0) {
                maxOvershoot = r.overshoot();
            }
            check(r, executions.getOrDefault(r.id(), 0), slack, policy.maxAttempts(), violations);
        }
        for (Map.Entry<String, Integer> e : executions.entrySet()) {
            if (!sent.contains(e.getKey())) {
                violations.add(e.getKey() + ": ran " + e.getValue() + " time(s) but the client never sent it");
            }
        }
        return new Report(records.size(), outcomes, maxOvershoot == null ? Duration.ZERO : maxOvershoot,
                violations);
    }

    private static void check(CallRecord r, int ran, Duration slack, int maxAttempts, List<String> violations) {
        CallRecord.Outcome outcome = r.outcome();
        if (outcome == CallRecord.Outcome.UNFINISHED) {
            violations.add(r + ": never ended");
        } else if (r.overshoot().compareTo(slack) > 0) {
            violations.add(r + ": outlived its deadline by " + r.overshoot().toMillis() + " ms (slack "
                    + slack.toMillis() + " ms)");
        }
        if (outcome == CallRecord.Outcome.UNTYPED_ERROR) {
            violations.add(r + ": failed with an untyped error");
        }
        if (outcome == CallRecord.Outcome.REPLIED && !r.id().equals(r.echoedId())) {
            violations.add(r + ": got the reply of another request");
        }
        boolean action = r.kind() == Request.Kind.ACTION;
        int most = action ? 1 : maxAttempts;
        if (ran > most) {
            violations.add(r + ": ran " + ran + " times (expected: at most " + most + ")");
        }
        if (outcome == CallRecord.Outcome.REPLIED && ran == 0) {
            violations.add(r + ": answered, but the server never ran it");
        }
        if (outcome == CallRecord.Outcome.NOT_RUN && ran != 0) {
            violations.add(r + ": the client says it never ran, but it ran " + ran + " time(s)");
        }
    }

    /** The outcome of {@link #reconcile}: figures and broken promises. Immutable. */
    public static final class Report {
        private final int calls;
        private final Map<String, Integer> outcomes;
        private final Duration maxOvershoot;
        private final List<String> violations;

        Report(int calls, Map<String, Integer> outcomes, Duration maxOvershoot, List<String> violations) {
            this.calls = calls;
            this.outcomes = Collections.unmodifiableMap(new TreeMap<>(outcomes));
            this.maxOvershoot = maxOvershoot;
            this.violations = List.copyOf(violations);
        }

        /** @return the calls compared */
        public int calls() {
            return calls;
        }

        /** @return calls per kind and outcome, keyed {@code <kind> <outcome name>}, sorted */
        public Map<String, Integer> outcomes() {
            return outcomes;
        }

        /** @return the most that any call outlived its deadline; negative when every call ended before it */
        public Duration maxOvershoot() {
            return maxOvershoot;
        }

        /** @return every broken promise, one line each; empty when all held */
        public List<String> violations() {
            return violations;
        }

        /** @return the figures and up to 20 violations, one per line, for a failure message or a log */
        public String text() {
            StringBuilder sb = new StringBuilder().append("calls: ").append(calls).append('\n');
            outcomes.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
            sb.append("max overshoot past the deadline: ").append(maxOvershoot.toMillis()).append(" ms\n");
            sb.append("violations: ").append(violations.size()).append('\n');
            violations.stream().limit(20).forEach(v -> sb.append("  ").append(v).append('\n'));
            return sb.toString();
        }

        @Override
        public String toString() {
            return text();
        }
    }
}
