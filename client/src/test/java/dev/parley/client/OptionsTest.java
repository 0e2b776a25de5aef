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
        assertEquals(SocketOptions.DEFAULT_CONNECT_TIMEOUT, o.socket().connectTimeout());
        assertEquals(Duration.ofSeconds(5), o.socket().connectTimeout());
        assertEquals(Duration.ofSeconds(5), o.timeouts().greetingTimeout());
        assertEquals(Duration.ofSeconds(30), o.timeouts().requestTimeout());
        assertEquals(Duration.ofSeconds(30), o.socket().keepaliveIdle());
        assertEquals(Duration.ofSeconds(10), o.socket().keepaliveTimeout());
        assertEquals(TimeoutOptions.defaults(), o.timeouts());
        assertEquals(SocketOptions.defaults(), o.socket());
        assertEquals(RetryOptions.defaults(), o.retries());
        assertEquals(4, o.retries().policy().maxAttempts());
        assertTrue(o.retries().backoff().jitter());
        assertEquals(Duration.ofMillis(100), o.retries().backoff().initial());
        assertEquals(Duration.ofSeconds(10), o.retries().backoff().max());
        assertEquals(ClientOptions.DEFAULT_MAX_OUTSTANDING, o.maxOutstanding());
    }

    @Test
    void toBuilderRoundTrips() {
        ClientOptions o = ClientOptions.builder().authToken("t").maxOutstanding(64)
                .socket(s -> s.connectTimeout(Duration.ofMillis(700)).keepaliveIdle(Duration.ZERO))
                .timeouts(t -> t.requestTimeout(Duration.ofSeconds(3)).stallLimit(Duration.ofSeconds(1)))
                .retries(r -> r.policy(RetryPolicy.never()).budget(RetryBudget.ratio(0.5, 2)))
                .onConnect(setup -> null).build();
        assertEquals(o, o.toBuilder().build());
        assertEquals(o.hashCode(), o.toBuilder().build().hashCode());
        assertEquals(o.toString(), o.toBuilder().build().toString());
        assertFalse(o.toString().contains("authToken=t"), "the token is redacted: " + o);
        assertEquals(o.socket(), o.socket().toBuilder().build());
        assertEquals(o.timeouts(), o.timeouts().toBuilder().build());
        assertEquals(o.retries(), o.retries().toBuilder().build());
    }

    @Test
    void aGroupLambdaChangesOnlyWhatItSets() {
        ClientOptions o = ClientOptions.builder().timeouts(t -> t.requestTimeout(Duration.ofSeconds(3)))
                .timeouts(t -> t.stallLimit(Duration.ofSeconds(1))).build();
        assertEquals(Duration.ofSeconds(3), o.timeouts().requestTimeout());
        assertEquals(Duration.ofSeconds(1), o.timeouts().stallLimit());
        assertEquals(TimeoutOptions.DEFAULT_GREETING_TIMEOUT, o.timeouts().greetingTimeout());
        TimeoutOptions whole = TimeoutOptions.builder().requestTimeout(Duration.ofSeconds(4)).build();
        assertEquals(whole, ClientOptions.builder().timeouts(whole).build().timeouts());
    }

    @Test
    void buildChecksOptionsAgainstEachOther() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder()
                .timeouts(t -> t.requestTimeout(Duration.ofMillis(5)).deadlineResolution(Duration.ofMillis(10)))
                .build());
        assertEquals("deadlineResolution: PT0.01S (expected: < requestTimeout PT0.005S)", e.getMessage());
        IllegalArgumentException keepalive = assertThrows(IllegalArgumentException.class, () -> ClientOptions
                .builder().socket(s -> s.keepaliveTimeout(Duration.ofMillis(10))).build());
        assertEquals("deadlineResolution: PT0.01S (expected: < keepaliveTimeout PT0.01S)", keepalive.getMessage());
        ClientOptions.builder().socket(s -> s.keepaliveIdle(Duration.ZERO).keepaliveTimeout(Duration.ofMillis(10)))
                .build();
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder().maxOutstanding(0));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> TimeoutOptions.builder().requestTimeout(Duration.ZERO));
        assertEquals("requestTimeout: PT0S (expected: > 0)", zero.getMessage());
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
        assertThrows(IllegalArgumentException.class,
                () -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1), 2));
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
