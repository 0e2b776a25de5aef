package dev.parley.server;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OptionsTest {

    @Test
    void limitsToBuilderRoundTrips() {
        Limits limits = Limits.builder().maxConnections(7).maxOutstanding(9).idleTimeout(Duration.ofSeconds(3))
                .handlerTimeout(Duration.ZERO).maxConsecutiveErrors(2).maxAuthFailures(5)
                .authFailureDelay(Duration.ofMillis(1)).writeBufferLowWaterMark(10).writeBufferHighWaterMark(20)
                .maxPendingBodyBytes(99).maxPendingReplyBytes(21).maxRunningRequests(4).maxOpenFiles(6)
                .blockingThreads(2).blockingQueueSize(3).build();
        assertEquals(limits, limits.toBuilder().build());
        Limits throttles = Limits.builder().authAddressBurst(2).authAddressInterval(Duration.ofSeconds(2))
                .authGlobalBurst(3).authGlobalInterval(Duration.ZERO).authMaxWait(Duration.ofSeconds(4))
                .authTrackedAddresses(5).logBurst(6).logInterval(Duration.ofMillis(7)).build();
        assertEquals(throttles, throttles.toBuilder().build());
        assertEquals(throttles.toString(), throttles.toBuilder().build().toString());
        assertEquals(Limits.defaults(), Limits.builder().build());
        assertEquals(Limits.DEFAULT_MAX_OUTSTANDING, Limits.defaults().maxOutstanding());
    }

    @Test
    void serverOptionsToBuilderRoundTripsAndDefaultToLoopback() {
        ParleyServer options = ParleyServer.builder().port(4000).bindAddress("0.0.0.0")
                .authenticator(Authenticator.sharedToken("t")).greeting(Greeting.none())
                .limits(Limits.builder().maxConnections(3).build()).build();
        assertEquals(options, options.toBuilder().build());
        assertEquals("127.0.0.1", ParleyServer.builder().build().bindAddress());
        assertEquals(0, ParleyServer.builder().build().port());
    }

    @Test
    void crossFieldChecksRejectInconsistentOptions() {
        assertThrows(IllegalArgumentException.class,
                () -> Limits.builder().writeBufferLowWaterMark(100).writeBufferHighWaterMark(100).build());
        IllegalArgumentException budget = assertThrows(IllegalArgumentException.class,
                () -> Limits.builder().maxPendingReplyBytes(1000).build());
        assertEquals("maxPendingReplyBytes: 1000 (expected: >= writeBufferHighWaterMark 65536)", budget.getMessage());
        Router router = Router.builder().action("auth", call -> Reply.OK).build();
        assertThrows(IllegalArgumentException.class, () -> ParleyServer.builder().router(router)
                .authenticator(Authenticator.sharedToken("t")).build());
        assertThrows(IllegalArgumentException.class, () -> ParleyServer.builder().port(70000));
    }

    @Test
    void usageTextGivesTheArity() {
        Command c = Command.query("x").usage("<a> [b]").handler(call -> Reply.OK);
        assertEquals(1, c.minArgs());
        assertEquals(2, c.maxArgs());
        Command v = Command.action("y").usage("<path>...").handler(call -> Reply.OK);
        assertEquals(1, v.minArgs());
        assertEquals(Integer.MAX_VALUE, v.maxArgs());
        assertEquals("query x <a> [b]", c.toString());
    }
}
