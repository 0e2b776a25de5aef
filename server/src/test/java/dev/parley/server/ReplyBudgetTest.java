package dev.parley.server;

import dev.parley.testkit.Await;
import dev.parley.testkit.peer.LineConnection;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that pipeline without reading: what the server holds for each stays within its reply byte budget and its
 * running-request cap, however many requests one socket read delivers, and other connections are still served.
 */
class ReplyBudgetTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long BUDGET = Limits.DEFAULT_MAX_PENDING_REPLY_BYTES;

    private RunningServer server;
    private final List<LineConnection> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (LineConnection c : clients) {
            c.close();
        }
        server.shutdownGracefully(Duration.ofSeconds(2));
    }

    @Test
    void aFloodOfSmallRequestsInOneReadStopsAtTheReplyByteBudget() throws Exception {
        byte[] page = new byte[16 * 1024];
        server = ParleyServer.builder()
                .router(Router.builder().query("page", call -> Reply.okWithBody(Unpooled.wrappedBuffer(page))).build())
                .build().start();
        flood(1, "page\n", 20_000);
        assertHeldAtMost(BUDGET + 2 * 16_500);
        assertAnotherConnectionIsServed();
    }

    @Test
    void repliesWaitingBehindASlowRequestCountAgainstTheBudget() throws Exception {
        byte[] page = new byte[16 * 1024];
        CountDownLatch release = new CountDownLatch(1);
        server = ParleyServer.builder()
                .router(Router.builder()
                        .add(Command.query("slow").blocking().handler(call -> {
                            release.await(20, TimeUnit.SECONDS);
                            return Reply.OK;
                        }))
                        .query("page", call -> Reply.okWithBody(Unpooled.wrappedBuffer(page)))
                        .build())
                .build().start();
        try {
            LineConnection c = LineConnection.connect(receiveBuffer(4096), server.port());
            clients.add(c);
            c.send("slow\n" + "page\n".repeat(2_000));
            Await.until(WAIT, "the connection is paused", () -> server.context().sessions().stream()
                    .anyMatch(s -> s.session().requests() > 1 && !s.channel().config().isAutoRead()));
            SessionHandler s = server.context().sessions().iterator().next();
            long started = s.channel().eventLoop().submit(() -> s.session().requests()).get(5, TimeUnit.SECONDS);
            // Nothing can be written before the slow reply: the pages wait in the reply order, and count.
            assertTrue(started <= 2 + BUDGET / page.length, "requests started: " + started);
            assertAnotherConnectionIsServed();
        } finally {
            release.countDown();
        }
    }

    @Test
    void helpBeforeAuthenticationFromManyConnectionsStaysWithinTheBudgetOfEach() throws Exception {
        Router.Builder router = Router.builder();
        for (int i = 0; i < 40; i++) {
            router.add(Command.query("verb" + i).usage("<a> <b>").description("x".repeat(60))
                    .handler(call -> Reply.OK));
        }
        server = ParleyServer.builder().router(router.build())
                .server(s -> s.authenticator(Authenticator.sharedToken("s3cret")))
                .build().start();
        int connections = 10;
        flood(connections, "help\n", 20_000);
        assertHeldAtMost(connections * (BUDGET + 2 * 4096));
        assertAnotherConnectionIsServed();
    }

    @Test
    void oneConnectionCannotTakeTheWholeBlockingExecutor() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        server = ParleyServer.builder()
                .server(s -> s.limits(l -> l.blockingThreads(4).blockingQueueSize(16).maxRunningRequests(2)))
                .router(holdAndQuick(release, running, peak))
                .build().start();
        try {
            LineConnection greedy = LineConnection.connect(server.port());
            clients.add(greedy);
            assertEquals("HELLO parley/1 parley", greedy.readLine());
            greedy.send("hold\n".repeat(100));
            Await.until(WAIT, "the greedy connection's requests run", () -> running.get() >= 2);
            try (LineConnection other = LineConnection.connect(server.port())) {
                assertEquals("HELLO parley/1 parley", other.readLine());
                assertEquals("OK quick", other.send("quick\n").readLine());
            }
            assertTrue(peak.get() <= 2, "requests of one connection running at once: " + peak.get());
        } finally {
            release.countDown();
        }
    }

    @Test
    void connectionsPipeliningSlowWorkLeaveTheReserveToAConnectionWithOneRequest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        server = ParleyServer.builder()
                .server(s -> s.limits(l -> l.blockingThreads(4).blockingReserve(2).blockingQueueSize(64)
                        .maxRunningRequests(8)))
                .router(holdAndQuick(release, running, peak))
                .build().start();
        try {
            for (int i = 0; i < 2; i++) {
                LineConnection greedy = LineConnection.connect(server.port());
                clients.add(greedy);
                assertEquals("HELLO parley/1 parley", greedy.readLine());
                greedy.send("hold\n".repeat(100));
            }
            // Whichever is read first takes two threads (its second starts while two are free), the other one or
            // two, depending on the order: never all four.
            Await.until(WAIT, "the greedy connections' requests run", () -> running.get() >= 2);
            try (LineConnection other = LineConnection.connect(server.port())) {
                assertEquals("HELLO parley/1 parley", other.readLine());
                assertEquals("OK quick", other.send("quick\n").readLine());
            }
            assertTrue(peak.get() <= 3, "slow requests running at once: " + peak.get());
        } finally {
            release.countDown();
        }
    }

    /**
     * {@code hold} blocks on {@code release}, counting how many run at once; {@code quick} answers at once. Both are
     * blocking commands.
     */
    private static Router holdAndQuick(CountDownLatch release, AtomicInteger running, AtomicInteger peak) {
        return Router.builder()
                .add(Command.query("hold").blocking().handler(call -> {
                    peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } finally {
                        running.decrementAndGet();
                    }
                    return Reply.OK;
                }))
                .add(Command.query("quick").blocking().handler(call -> Reply.ok("quick")))
                .build();
    }

    /** Opens connections that send {@code count} copies of {@code line} each and never read. */
    private void flood(int connections, String line, int count) throws Exception {
        byte[] bytes = line.repeat(count).getBytes(StandardCharsets.US_ASCII);
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            LineConnection c = LineConnection.connect(receiveBuffer(4096), server.port());
            clients.add(c);
            writers.add(CompletableFuture.runAsync(() -> {
                try {
                    c.send(bytes);
                } catch (IOException e) {
                    // the test closes the socket under a blocked writer
                }
            }));
        }
        Await.until(WAIT, "every flooding connection is read and paused", () -> {
            List<SessionHandler> sessions = new ArrayList<>(server.context().sessions());
            return sessions.size() == connections && sessions.stream().allMatch(s -> s.session().requests() > 0
                    && !s.channel().config().isAutoRead());
        });
    }

    /** Sums, on each connection's event loop, the bytes its replies hold in the server. */
    private void assertHeldAtMost(long bound) throws Exception {
        long total = 0;
        for (SessionHandler s : server.context().sessions()) {
            Channel ch = s.channel();
            total += ch.eventLoop().submit(() -> {
                ChannelOutboundBuffer out = ch.unsafe().outboundBuffer();
                return out == null ? 0L : out.totalPendingWriteBytes();
            }).get(5, TimeUnit.SECONDS);
        }
        assertTrue(total <= bound, "reply bytes held: " + total + " (expected: <= " + bound + ")");
    }

    private void assertAnotherConnectionIsServed() throws IOException {
        try (LineConnection c = LineConnection.connect(server.port())) {
            assertTrue(c.readLine().startsWith("HELLO parley/1"));
            assertEquals("OK pong", c.send("ping\n").readLine());
        }
    }

    /** A socket with a small receive buffer, set before connecting so the TCP window stays small. */
    private static Socket receiveBuffer(int bytes) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(bytes);
        return s;
    }
}
