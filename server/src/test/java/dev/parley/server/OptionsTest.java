package dev.parley.server;

import dev.parley.codec.pipeline.PipelineOptions;
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
        Limits reserved = Limits.builder().blockingThreads(8).blockingReserve(3).build();
        assertEquals(reserved, reserved.toBuilder().build());
        assertEquals(3, reserved.toBuilder().blockingThreads(4).build().blockingReserve());
    }

    @Test
    void aDerivedBlockingReserveIsStillDerivedAfterToBuilder() {
        Limits fewer = Limits.defaults().toBuilder().blockingThreads(4).build();
        assertEquals(1, fewer.blockingReserve());
        assertEquals(Limits.builder().blockingThreads(4).build(), fewer);
    }

    @Test
    void serverOptionsToBuilderRoundTripsAndDefaultToLoopback() {
        ServerOptions server = ServerOptions.builder().port(4000).bindAddress("0.0.0.0")
                .authenticator(Authenticator.sharedToken("t")).ioThreads(2).transport(Transport.IO_URING)
                .limits(l -> l.maxConnections(3).idleTimeout(Duration.ofSeconds(9))).build();
        assertEquals(server, server.toBuilder().build());
        assertEquals(server.toString(), server.toBuilder().build().toString());
        assertEquals(ServerOptions.defaults(), ServerOptions.builder().build());
        assertEquals(ServerOptions.DEFAULT_BIND_ADDRESS, ServerOptions.defaults().bindAddress());
        assertEquals("127.0.0.1", ServerOptions.DEFAULT_BIND_ADDRESS);
        assertEquals(0, ServerOptions.defaults().port());

        ParleyServer options = ParleyServer.builder().server(server).greeting(Greeting.none())
                .wireTrace(PipelineOptions.WireTrace.NEVER).build();
        assertEquals(options, options.toBuilder().build());
        assertEquals(server, options.server());
        assertEquals(ServerOptions.defaults(), ParleyServer.builder().build().server());
    }

    @Test
    void serverLambdaChangesOnlyWhatItSets() {
        ParleyServer options = ParleyServer.builder().server(s -> s.port(4000).limits(l -> l.maxConnections(3)))
                .server(s -> s.limits(l -> l.maxOutstanding(5))).build();
        assertEquals(4000, options.port());
        assertEquals(3, options.limits().maxConnections());
        assertEquals(5, options.limits().maxOutstanding());
        assertEquals(Limits.DEFAULT_IDLE_TIMEOUT, options.limits().idleTimeout());
    }

    @Test
    void theReadIdleTimeOfThePipelineIsTheIdleTimeoutLimit() {
        ParleyServer options = ParleyServer.builder().server(s -> s.limits(l -> l.idleTimeout(Duration.ofSeconds(7))))
                .wireTrace(PipelineOptions.WireTrace.ALWAYS).build();
        assertEquals(Duration.ofSeconds(7), options.pipelineOptions().readIdle());
        assertEquals(Duration.ZERO, options.pipelineOptions().writeIdle());
        assertEquals(PipelineOptions.WireTrace.ALWAYS, options.pipelineOptions().wireTrace());
    }

    @Test
    void eventLoopThreadsCannotBeSetForASharedGroup() {
        io.netty.channel.EventLoopGroup group = new io.netty.channel.DefaultEventLoopGroup(1);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ParleyServer.builder().eventLoopGroup(group).server(s -> s.ioThreads(2)).build());
            assertEquals("ioThreads: 2 (expected: 0 with a shared eventLoopGroup)", e.getMessage());
        } finally {
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
        }
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
                .server(s -> s.authenticator(Authenticator.sharedToken("t"))).build());
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> ServerOptions.builder().port(70000));
        assertEquals("port: 70000 (expected: 0..65535)", port.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ServerOptions.builder().ioThreads(-1));
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
