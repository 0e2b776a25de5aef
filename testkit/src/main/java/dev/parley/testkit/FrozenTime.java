package dev.parley.testkit;

import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * An {@link EmbeddedChannel} whose event loop runs on a frozen clock ({@link Ticker#newMockTicker()}): time moves
 * only when the test calls {@link #advance(Duration)}, which then runs the scheduled tasks that have come due.
 * Timeouts, idle detection and retries are tested without sleeping and without flakiness.
 *
 * <pre>{@code
 * FrozenTime time = FrozenTime.create(new IdleStateHandler(5, 0, 0), recorder);
 * time.advance(Duration.ofSeconds(5));   // READER_IDLE fires here, not before
 * Teardown.assertClean(time.channel());
 * }</pre>
 *
 * <p>Handlers must read the time from their executor ({@code ctx.executor().ticker()}), as Netty's own handlers do.
 */
public final class FrozenTime {

    private final MockTicker ticker;
    private final EmbeddedChannel channel;

    private FrozenTime(MockTicker ticker, EmbeddedChannel channel) {
        this.ticker = ticker;
        this.channel = channel;
    }

    /**
     * Creates a registered, active channel with the given handlers on a frozen clock.
     *
     * @param handlers the pipeline, first handler first
     * @return the frozen-time channel
     */
    public static FrozenTime create(ChannelHandler... handlers) {
        MockTicker ticker = Ticker.newMockTicker();
        EmbeddedChannel channel = EmbeddedChannel.builder().ticker(ticker).handlers(handlers).build();
        return new FrozenTime(ticker, channel);
    }

    /**
     * Returns the channel.
     *
     * @return the channel driven by this clock
     */
    public EmbeddedChannel channel() {
        return channel;
    }

    /**
     * Returns the clock, for handlers or assertions that need it directly.
     *
     * @return the mock ticker of the channel's event loop
     */
    public MockTicker ticker() {
        return ticker;
    }

    /**
     * Returns how much time has been advanced since the channel was created.
     *
     * @return the elapsed frozen time
     */
    public Duration elapsed() {
        return Duration.ofNanos(ticker.nanoTime() - ticker.initialNanoTime());
    }

    /**
     * Moves the clock forward, then runs every scheduled task that has come due and the tasks waiting to run now.
     *
     * @param amount how far to move, {@code >= 0}
     * @return this
     * @throws IllegalArgumentException if {@code amount} is negative
     */
    public FrozenTime advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount: " + amount + " (expected: >= 0)");
        }
        ticker.advance(amount.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
        channel.checkException();
        return this;
    }

    /**
     * Moves the clock forward; see {@link #advance(Duration)}.
     *
     * @param amount how far to move, {@code >= 0}
     * @param unit the unit of {@code amount}
     * @return this
     */
    public FrozenTime advance(long amount, TimeUnit unit) {
        return advance(Duration.ofNanos(unit.toNanos(amount)));
    }
}
