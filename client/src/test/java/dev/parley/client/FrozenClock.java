package dev.parley.client;

import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A client whose one event loop runs on a {@link MockTicker}: real sockets, frozen time. Nothing that the client
 * schedules (session timers, backoff pauses, connect timeouts) becomes due until the test
 * {@linkplain #advance advances} the clock, so a deadline test says "not at 399 ms, at 400 ms" instead of asserting
 * a wall-clock window.
 */
final class FrozenClock implements AutoCloseable {

    final MockTicker ticker = Ticker.newMockTicker();
    final ParleyClient client;
    private final MultiThreadIoEventLoopGroup group;
    private final EventLoop loop;
    private volatile TimerProbe probe;

    /** Reads the loop's own schedule (protected in Netty), on the loop. */
    private interface TimerProbe {
        long nextDeadline();
    }

    FrozenClock() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()) {
            @Override
            protected IoEventLoop newChild(Executor executor, IoHandlerFactory io, Object... args) {
                SingleThreadIoEventLoop child = new SingleThreadIoEventLoop(this, executor, io) {
                    {
                        probe = this::nextScheduledTaskDeadlineNanos;
                    }

                    @Override
                    public Ticker ticker() {
                        return ticker;
                    }

                    @Override
                    protected long getCurrentTimeNanos() {
                        return ticker.nanoTime();
                    }
                };
                return child;
            }
        };
        loop = group.next();
        client = new ParleyClient(group, NioSocketChannel.class);
    }

    /** Moves the clock on, then waits until the loop has run what became due (two round trips through it). */
    void advance(Duration d) {
        ticker.advance(d.toNanos(), TimeUnit.NANOSECONDS);
        settle();
    }

    /**
     * @return how long until the earliest task the loop has scheduled becomes due (on the frozen clock), or
     * {@code null} when nothing is scheduled
     */
    Duration nextScheduled() {
        settle();
        long deadline = loop.submit(() -> probe.nextDeadline()).syncUninterruptibly().getNow();
        return deadline == -1 ? null : Duration.ofNanos(deadline - ticker.nanoTime());
    }

    /** Waits until the loop has run what is due now and the tasks that those queued. */
    void settle() {
        for (int i = 0; i < 3; i++) {
            round();
        }
        // A task that came due may still wait for the loop's next look at its schedule: look again until none is.
        for (int i = 0; i < 100 && overdue(); i++) {
            round();
        }
    }

    private void round() {
        loop.schedule(() -> { }, 0, TimeUnit.NANOSECONDS).syncUninterruptibly();
        loop.submit(() -> { }).syncUninterruptibly();
    }

    private boolean overdue() {
        long deadline = loop.submit(() -> probe.nextDeadline()).syncUninterruptibly().getNow();
        return deadline != -1 && deadline <= ticker.nanoTime();
    }

    /**
     * Shuts the loop down, then closes the client. A graceful shutdown waits for a quiet period measured on the
     * loop's own clock, which stands still here: the clock moves on until the loop has terminated.
     */
    @Override
    public void close() throws InterruptedException {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        for (int i = 0; i < 500 && !group.awaitTermination(10, TimeUnit.MILLISECONDS); i++) {
            ticker.advance(1, TimeUnit.MILLISECONDS);
        }
        if (!group.isTerminated()) {
            throw new IllegalStateException("the frozen client's event loop did not stop");
        }
        client.close();
    }
}
