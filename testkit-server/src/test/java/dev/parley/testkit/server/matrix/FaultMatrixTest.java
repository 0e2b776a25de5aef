package dev.parley.testkit.server.matrix;

import dev.parley.client.ConnectFailedException;
import dev.parley.client.ConnectionLostException;
import dev.parley.client.DeadlineExceededException;
import dev.parley.client.ParleyClientException;
import dev.parley.client.Progress;
import dev.parley.client.Request.Kind;
import dev.parley.client.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The comparison of the client's record with the server's: it passes a clean run and names every broken promise. */
class FaultMatrixTest {

    private static final Duration DEADLINE = Duration.ofMillis(500);
    private static final Duration SLACK = Duration.ofMillis(300);
    private static final RetryPolicy POLICY = RetryPolicy.idempotentOnly();

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }

    private static CallRecord reply(String id, Kind kind) {
        return CallRecord.replied(id, kind, DEADLINE, ms(10), id);
    }

    private static CallRecord failed(String id, Kind kind, Throwable error) {
        return CallRecord.failed(id, kind, DEADLINE, ms(500), error);
    }

    private static List<String> violations(List<CallRecord> records, Map<String, Integer> executions) {
        return FaultMatrix.reconcile(records, executions, SLACK, POLICY).violations();
    }

    @Test
    void aCleanRunHasNoViolationsAndItsFiguresAddUp() {
        List<CallRecord> records = List.of(
                reply("a1", Kind.ACTION),
                reply("q1", Kind.QUERY),
                failed("a2", Kind.ACTION, new ConnectFailedException(ParleyClientException.CONNECT_REFUSED, "x", null)),
                failed("a3", Kind.ACTION, new ConnectionLostException(Progress.UNKNOWN, "x", null)),
                failed("i1", Kind.IDEMPOTENT_ACTION, new DeadlineExceededException(Progress.UNKNOWN, "x", null)));
        FaultMatrix.Report report = FaultMatrix.reconcile(records, Map.of("a1", 1, "q1", 2, "a3", 1, "i1", 4),
                SLACK, POLICY);
        assertEquals(List.of(), report.violations(), report.text());
        assertEquals(5, report.calls());
        assertEquals(Map.of("action reply", 1, "query reply", 1,
                "action ConnectFailedException/CONNECT_REFUSED", 1, "action ConnectionLostException/CONNECTION_LOST", 1,
                "idempotent-action DeadlineExceededException/TIMEOUT", 1), report.outcomes());
        assertEquals(Duration.ZERO, report.maxOvershoot());
    }

    @Test
    void anActionThatRanTwiceIsAViolation() {
        List<String> v = violations(List.of(failed("a1", Kind.ACTION,
                new ConnectionLostException(Progress.UNKNOWN, "x", null))), Map.of("a1", 2));
        assertEquals(1, v.size(), v::toString);
        assertTrue(v.get(0).contains("ran 2 times"), v::toString);
    }

    @Test
    void aQueryMayRunAsOftenAsThePolicyAllowsAndNoMore() {
        CallRecord q = failed("q1", Kind.QUERY, new DeadlineExceededException(Progress.UNKNOWN, "x", null));
        assertEquals(List.of(), violations(List.of(q), Map.of("q1", POLICY.maxAttempts())));
        assertEquals(1, violations(List.of(q), Map.of("q1", POLICY.maxAttempts() + 1)).size());
    }

    @Test
    void aRequestReportedAsNeverRunThatRanIsAViolation() {
        List<String> v = violations(List.of(failed("q1", Kind.QUERY,
                new ConnectFailedException(ParleyClientException.CONNECT_REFUSED, "x", null))), Map.of("q1", 1));
        assertEquals(1, v.size(), v::toString);
        assertTrue(v.get(0).contains("never ran"), v::toString);
    }

    @Test
    void anAnswerWithoutAnExecutionIsAViolation() {
        assertEquals(1, violations(List.of(reply("a1", Kind.ACTION)), Map.of()).size());
    }

    @Test
    void aReplyThatEchoesAnotherIdIsAViolation() {
        List<String> v = violations(List.of(CallRecord.replied("q1", Kind.QUERY, DEADLINE, ms(5), "q2"),
                reply("q2", Kind.QUERY)), Map.of("q1", 1, "q2", 1));
        assertEquals(1, v.size(), v::toString);
        assertTrue(v.get(0).contains("another request"), v::toString);
    }

    @Test
    void aCallThatOutlivesItsDeadlinePastTheSlackIsAViolation() {
        CallRecord late = CallRecord.failed("q1", Kind.QUERY, DEADLINE, ms(500 + 301),
                new DeadlineExceededException(Progress.UNKNOWN, "x", null));
        FaultMatrix.Report report = FaultMatrix.reconcile(List.of(late), Map.of(), SLACK, POLICY);
        assertEquals(1, report.violations().size(), report::text);
        assertEquals(Duration.ofMillis(301), report.maxOvershoot());
        CallRecord inSlack = CallRecord.failed("q2", Kind.QUERY, DEADLINE, ms(500 + 299),
                new DeadlineExceededException(Progress.UNKNOWN, "x", null));
        assertEquals(List.of(), violations(List.of(inSlack), Map.of()));
    }

    @Test
    void untypedErrorsUnfinishedCallsAndUnsentExecutionsAreViolations() {
        List<String> v = violations(List.of(
                failed("q1", Kind.QUERY, new IllegalStateException("boom")),
                CallRecord.unfinished("q2", Kind.QUERY, DEADLINE, ms(100))), Map.of("x9", 1));
        assertEquals(3, v.size(), v::toString);
        assertTrue(v.get(0).contains("untyped"), v::toString);
        assertTrue(v.get(1).contains("never ended"), v::toString);
        assertTrue(v.get(2).contains("never sent"), v::toString);
    }
}
