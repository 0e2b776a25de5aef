package dev.parley.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Options, backoff, retry policy and request kinds as values. */
class OptionsTest {

    @Test
    void defaultsAreTheDocumentedConstants() {
        ClientOptions o = ClientOptions.defaults();
        assertEquals(Duration.ofSeconds(5), o.connectTimeout());
        assertEquals(Duration.ofSeconds(5), o.greetingTimeout());
        assertEquals(Duration.ofSeconds(30), o.requestTimeout());
        assertEquals(Duration.ofSeconds(30), o.keepaliveIdle());
        assertEquals(Duration.ofSeconds(10), o.keepaliveTimeout());
        assertEquals(4, o.retryPolicy().maxAttempts());
        assertTrue(o.reconnectBackoff().jitter());
        assertEquals(Duration.ofMillis(100), o.reconnectBackoff().initial());
        assertEquals(Duration.ofSeconds(10), o.reconnectBackoff().max());
    }

    @Test
    void toBuilderRoundTrips() {
        ClientOptions o = ClientOptions.builder().connectTimeout(Duration.ofMillis(700)).authToken("t")
                .maxOutstanding(64).keepaliveIdle(Duration.ZERO).retryPolicy(RetryPolicy.never())
                .onConnect(setup -> null).build();
        assertEquals(o, o.toBuilder().build());
        assertEquals(o.hashCode(), o.toBuilder().build().hashCode());
        assertFalse(o.toString().contains("authToken=t"), "the token is redacted: " + o);
    }

    @Test
    void buildChecksOptionsAgainstEachOther() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder()
                .requestTimeout(Duration.ofMillis(5)).deadlineResolution(Duration.ofMillis(10)).build());
        assertTrue(e.getMessage().startsWith("deadlineResolution: PT0.01S (expected: < requestTimeout"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder().maxOutstanding(0));
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder().requestTimeout(Duration.ZERO));
    }

    @Test
    void backoffGrowsIsJitteredAndNeverZero() {
        Backoff b = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(10), 2);
        Set<Long> seen = new HashSet<>();
        for (int attempt = 1; attempt <= 10; attempt++) {
            long base = Math.min(10_000, 100L << (attempt - 1));
            for (int i = 0; i < 20; i++) {
                long ms = b.pause(attempt).toMillis();
                assertTrue(ms >= base / 2 && ms <= base, "attempt " + attempt + ": " + ms + " ms");
                seen.add(ms);
            }
        }
        assertTrue(seen.size() > 50, "pauses are jittered");
        Backoff plain = b.withoutJitter();
        assertEquals(Duration.ofMillis(100), plain.pause(1));
        assertEquals(Duration.ofMillis(400), plain.pause(3));
        assertEquals(Duration.ofSeconds(10), plain.pause(30));
        assertTrue(Backoff.fixed(Backoff.MIN_PAUSE).pauseNanos(1) >= Backoff.MIN_PAUSE.toNanos());
        assertThrows(IllegalArgumentException.class, () -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1), 2));
    }

    @Test
    void retryPolicyFollowsProgressAndIdempotency() {
        RetryPolicy p = RetryPolicy.idempotentOnly();
        Request q = Request.query("ls");
        Request a = Request.action("rm", "/x");
        Request ia = Request.idempotentAction("push", "/x");
        for (Request r : new Request[] {q, a, ia}) {
            assertTrue(p.mayRetry(r, Progress.NOT_SENT, 1));
            assertTrue(p.mayRetry(r, Progress.REJECTED, 1));
            assertFalse(p.mayRetry(r, Progress.ANSWERED, 1));
            assertFalse(p.mayRetry(r, Progress.NOT_SENT, 4));
        }
        assertTrue(p.mayRetry(q, Progress.UNKNOWN, 1));
        assertTrue(p.mayRetry(ia, Progress.UNKNOWN, 1));
        assertFalse(p.mayRetry(a, Progress.UNKNOWN, 1));
        assertFalse(RetryPolicy.never().mayRetry(q, Progress.NOT_SENT, 1));
    }

    @Test
    void verbsDeclareKindsOnceAndRequestsShowThemInLogs() {
        Verbs v = Verbs.builder().query("ls").action("rm").idempotentAction("push").build();
        assertEquals(Request.Kind.QUERY, v.request("LS", "/").kind());
        assertEquals(Request.Kind.ACTION, v.kindOf("unknown"));
        assertEquals("idempotent-action push /x", v.request("push", "/x").toString());
        assertEquals("action auth ***", Request.action("auth", "secret").sensitive().toString());
    }

    @Test
    void retryBudgetAllowsARatioOfRequestsPlusAFloor() {
        long now = 1_000_000_000L;
        RetryBudget.Balance b = RetryBudget.ratio(0.5, 0).newBalance(now);
        assertTrue(b.tryWithdraw(now), "one retry is allowed from the start");
        assertFalse(b.tryWithdraw(now));
        b.onRequest();
        b.onRequest();
        assertTrue(b.tryWithdraw(now));
        assertFalse(b.tryWithdraw(now));
    }
}
