package dev.parley.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opening many connections does not multiply an attacker's guesses: authentication attempts are evaluated at most
 * {@link Limits#authAddressBurst()} at once per source address, then one per {@link Limits#authAddressInterval()},
 * whatever the number of connections; others wait (on the event loop's scheduler) or are refused unevaluated. A
 * user from another address is not held up, and one behind the attacker's address waits a bounded time. Every
 * connection is an EmbeddedChannel with its own peer address, all on one frozen clock and one server.
 */
class AuthThrottleTest {

    private static final String TOKEN = "s3cret-7e1f0c";
    private static final Duration MAX_WAIT = Duration.ofSeconds(3);

    private final MockTicker ticker = Ticker.newMockTicker();
    private final AtomicInteger evaluated = new AtomicInteger();
    private final List<Peer> peers = new ArrayList<>();
    private final CapturedLog log = new CapturedLog();
    private ServerContext context;

    /** One client connection from a given address, with what the server wrote to it. */
    private final class Peer {
        final EmbeddedChannel channel;
        final StringBuilder written = new StringBuilder();

        Peer(String host) {
            InetSocketAddress remote = new InetSocketAddress(host, 40000 + peers.size());
            channel = new EmbeddedChannel(EmbeddedChannel.builder().ticker(ticker)
                    .handlers(new ServerInitializer(context))) {
                @Override
                protected SocketAddress remoteAddress0() {
                    return remote;
                }
            };
            peers.add(this);
            assertEquals("HELLO parley/1 parley", line());
        }

        Peer send(String text) {
            channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
            return this;
        }

        /** @return the next line written to this peer, or null */
        String line() {
            ByteBuf b;
            while ((b = channel.readOutbound()) != null) {
                written.append(b.toString(StandardCharsets.UTF_8));
                b.release();
            }
            int lf = written.indexOf("\n");
            if (lf < 0) {
                return null;
            }
            String line = written.substring(0, lf);
            written.delete(0, lf + 1);
            return line;
        }
    }

    private void server(Limits.Builder limits) {
        Authenticator token = Authenticator.sharedToken(TOKEN);
        Authenticator counting = (args, session) -> {
            evaluated.incrementAndGet();
            return token.authenticate(args, session);
        };
        ParleyServer options = ParleyServer.builder()
                .server(s -> s.authenticator(counting).limits(limits.authFailureDelay(Duration.ZERO).build())).build();
        context = new ServerContext(options, Runnable::run, () -> { });
    }

    private static Limits.Builder throttled() {
        return Limits.builder().maxConnections(2000).authAddressBurst(5).authAddressInterval(Duration.ofSeconds(1))
                .authMaxWait(MAX_WAIT);
    }

    private void advance(Duration d) {
        ticker.advance(d.toNanos(), TimeUnit.NANOSECONDS);
        for (Peer p : peers) {
            p.channel.runScheduledPendingTasks();
            p.channel.runPendingTasks();
        }
    }

    @AfterEach
    void tearDown() {
        for (Peer p : peers) {
            p.channel.finishAndReleaseAll();
        }
        for (String line : log.lines(ch.qos.logback.classic.Level.ALL)) {
            assertFalse(line.contains(TOKEN), "the token reached the log: " + line);
        }
        log.close();
    }

    @Test
    void hundredConnectionsFromOneAddressGetTheBurstThenOneGuessPerInterval() {
        server(throttled());
        for (int i = 0; i < 100; i++) {
            new Peer("127.0.0.1").send("auth guess-" + i + "\n");
        }
        assertEquals(5, evaluated.get(), "guesses evaluated at once, over 100 connections");
        int refused = 0;
        for (Peer p : peers) {
            String reply = p.line();
            if (reply != null && reply.startsWith("ERR BUSY")) {
                refused++;
            }
        }
        assertEquals(100 - 5 - 3, refused, "refused unevaluated: all but the burst and the 3 s of waiting room");
        for (int second = 1; second <= 10; second++) {
            advance(Duration.ofSeconds(1));
            for (int i = 0; i < 100; i++) {
                new Peer("127.0.0.1").send("auth guess-" + second + '-' + i + "\n");
            }
        }
        assertTrue(evaluated.get() <= 5 + 10, "guesses evaluated in 10 s over 1,100 connections: " + evaluated);
        assertTrue(evaluated.get() >= 5 + 9, "the address still gets its one guess a second: " + evaluated);
        List<String> warned = log.containing("WARN PS010");
        assertFalse(warned.isEmpty());
        assertTrue(warned.get(0).contains("127.0.0.1"), warned.get(0));
    }

    @Test
    void theRightTokenFromAnotherAddressIsEvaluatedAtOnceDuringTheAttack() {
        server(throttled());
        for (int i = 0; i < 100; i++) {
            new Peer("127.0.0.1").send("auth guess-" + i + "\n");
        }
        Peer user = new Peer("10.1.2.3").send("auth " + TOKEN + "\n");
        assertEquals("OK", user.line());
    }

    @Test
    void aUserBehindTheAttackersAddressWaitsABoundedTimeNeverForever() {
        server(throttled());
        for (int i = 0; i < 100; i++) {
            new Peer("127.0.0.1").send("auth guess-" + i + "\n");
        }
        Peer unlucky = new Peer("127.0.0.1").send("auth " + TOKEN + "\n");
        String reply = unlucky.line();
        assertTrue(reply.startsWith("ERR BUSY too many authentication attempts from this address"), reply);
        // The attack stops; within the longest wait the queue of attempts has drained.
        advance(MAX_WAIT);
        Peer user = new Peer("127.0.0.1").send("auth " + TOKEN + "\n");
        Duration waited = Duration.ZERO;
        String ok;
        while ((ok = user.line()) == null && waited.compareTo(MAX_WAIT) < 0) {
            advance(Duration.ofMillis(100));
            waited = waited.plusMillis(100);
        }
        assertEquals("OK", ok, "evaluated within " + MAX_WAIT);
    }

    @Test
    void anAttemptThatMustWaitIsAnsweredLaterWithoutBlockingTheLoop() {
        server(Limits.builder().authAddressBurst(1).authAddressInterval(Duration.ofSeconds(2)).authMaxWait(MAX_WAIT));
        Peer a = new Peer("192.0.2.1").send("auth nope\n");
        assertEquals("ERR DENIED wrong credentials", a.line());
        Peer b = new Peer("192.0.2.1").send("auth " + TOKEN + "\nping\n");
        assertEquals(1, evaluated.get(), "the second attempt waits for its turn");
        advance(Duration.ofMillis(1999));
        assertEquals(1, evaluated.get());
        advance(Duration.ofMillis(1));
        assertEquals(2, evaluated.get());
        assertEquals("OK", b.line());
        assertEquals("OK pong", b.line());
    }

    @Test
    void closingAConnectionGivesBackTheTurnItWasWaitingFor() {
        server(Limits.builder().authAddressBurst(1).authAddressInterval(Duration.ofSeconds(1))
                .authMaxWait(Duration.ofSeconds(1)));
        new Peer("192.0.2.9").send("auth nope\n");
        Peer waiting = new Peer("192.0.2.9").send("auth nope\n");
        assertTrue(new Peer("192.0.2.9").send("auth nope\n").line().startsWith("ERR BUSY"), "the waiting room is full");
        waiting.channel.close();
        Peer next = new Peer("192.0.2.9").send("auth " + TOKEN + "\n");
        advance(Duration.ofSeconds(1));
        assertEquals("OK", next.line());
        assertEquals(2, evaluated.get(), "the closed connection's attempt was never evaluated");
    }
}
