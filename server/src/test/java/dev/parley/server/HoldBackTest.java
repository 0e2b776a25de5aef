package dev.parley.server;

import dev.parley.testkit.Teardown;
import dev.parley.testkit.TrackingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the outstanding budget holds back: answered in order, whatever the fragmentation of the input, with a framing
 * violation and the client's end of input kept behind it; released unhandled, without a leak, when the connection
 * closes.
 */
class HoldBackTest {

    /** Requests, bodies, a malformed line and a violation: more than a budget of two lets start at once. */
    private static final String INPUT = "work 1\nping\nwork 2\nstore k {5}\nhellonope\nping\nwork 3\nstore j {2}\n"
            + "okping\nput x {-1}\nping\n";
    private static final String REPLIES = "OK 1\nOK pong\nOK 2\nOK k hello\nERR UNKNOWN_COMMAND nope\nOK pong\nOK 3\n"
            + "OK j ok\nOK pong\nBYE PROTOCOL block length: {-1} (expected: {n} with n of 1 to 18 decimal digits)\n";

    private final Queue<CompletableFuture<Reply>> started = new ArrayDeque<>();

    private ParleyServer server(int maxOutstanding) {
        return ParleyServer.builder()
                .greeting(Greeting.none())
                .server(s -> s.limits(l -> l.maxOutstanding(maxOutstanding)))
                .router(Router.builder()
                        .add(Command.query("work").usage("<n>").async(call -> {
                            CompletableFuture<Reply> f = new CompletableFuture<>();
                            started.add(f);
                            String n = call.arg(0);
                            return f.thenApply(ignored -> Reply.ok(n));
                        }))
                        .add(Command.action("store").usage("<key>").aggregateBody(16)
                                .handler(call -> Reply.ok(call.arg(0), call.body().toString(StandardCharsets.UTF_8))))
                        .build())
                .build();
    }

    @Test
    void heldRequestsAreAnsweredInOrderAtEveryFragmentationPoint() {
        byte[] input = INPUT.getBytes(StandardCharsets.US_ASCII);
        ParleyServer options = server(2);
        boolean sawHeld = false;
        for (int split = 0; split <= input.length; split++) {
            EmbeddedChannel ch = new EmbeddedChannel(options.newChannelInitializer(Runnable::run));
            SessionHandler session = ch.pipeline().get(SessionHandler.class);
            StringBuilder out = new StringBuilder();
            try {
                ch.writeInbound(Unpooled.wrappedBuffer(input, 0, split));
                sawHeld |= session.held().size() > 0;
                completeOne(ch, out);
                ch.writeInbound(Unpooled.wrappedBuffer(input, split, input.length - split));
                sawHeld |= session.held().size() > 0;
                while (!started.isEmpty() || session.held().size() > 0) {
                    assertFalse(started.isEmpty(), "held back with nothing running at split " + split);
                    completeOne(ch, out);
                }
                read(ch, out);
                assertEquals(REPLIES, out.toString(), "split at " + split);
                assertFalse(ch.isOpen(), "closed after BYE at split " + split);
            } finally {
                started.clear();
                Teardown.assertClean(ch);
            }
        }
        assertTrue(sawHeld, "the budget held requests back");
    }

    @Test
    void theClientsEndOfInputWaitsForHeldRequests() {
        EmbeddedChannel ch = new EmbeddedChannel(server(1).newChannelInitializer(Runnable::run));
        SessionHandler session = ch.pipeline().get(SessionHandler.class);
        StringBuilder out = new StringBuilder();
        try {
            ch.writeInbound(Unpooled.copiedBuffer("work 1\nping\nwork 2\nping\n", StandardCharsets.US_ASCII));
            ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
            assertEquals(3, session.held().size());
            assertTrue(ch.isOpen(), "requests are still held");
            completeOne(ch, out);
            assertTrue(ch.isOpen(), "work 2 still runs");
            completeOne(ch, out);
            read(ch, out);
            assertEquals("OK 1\nOK pong\nOK 2\nOK pong\n", out.toString());
            assertFalse(ch.isOpen(), "closed once everything is answered");
        } finally {
            Teardown.assertClean(ch);
        }
    }

    @Test
    void heldRequestsAndBodiesAreReleasedWhenTheConnectionCloses() {
        EmbeddedChannel ch = new EmbeddedChannel(server(1).newChannelInitializer(Runnable::run));
        SessionHandler session = ch.pipeline().get(SessionHandler.class);
        TrackingAllocator alloc = new TrackingAllocator();
        ch.config().setAllocator(alloc);
        try {
            byte[] input = "work 1\nstore k {5}\nhelloping\nstore j {3}\nabc".getBytes(StandardCharsets.US_ASCII);
            ch.writeInbound(alloc.copyOf(input, 0, input.length));
            assertTrue(session.held().size() >= 4, "held: " + session.held().size());
            assertFalse(ch.config().isAutoRead(), "reading stopped");
            assertTrue(session.pause().has(ReadPause.Reason.HELD));
            ch.close();
            assertEquals(0, session.held().size());
            assertTrue(session.held().isEmpty());
            assertEquals(List.of(), alloc.unreleased(), "buffers still held");
        } finally {
            started.clear();
            // Paranoid leak detection: a held body chunk not released fails here.
            Teardown.assertClean(ch);
        }
    }

    /** Completes the oldest running request and runs what follows on the channel's loop. */
    private void completeOne(EmbeddedChannel ch, StringBuilder out) {
        CompletableFuture<Reply> f = started.poll();
        if (f != null) {
            f.complete(Reply.OK);
        }
        ch.runPendingTasks();
        read(ch, out);
    }

    private static void read(EmbeddedChannel ch, StringBuilder out) {
        ByteBuf buf;
        while ((buf = ch.readOutbound()) != null) {
            try {
                out.append(buf.toString(StandardCharsets.UTF_8));
            } finally {
                buf.release();
            }
        }
    }
}
