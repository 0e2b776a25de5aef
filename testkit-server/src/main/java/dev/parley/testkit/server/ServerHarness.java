package dev.parley.testkit.server;

import dev.parley.server.ParleyServer;
import dev.parley.testkit.FrozenTime;
import dev.parley.testkit.Teardown;
import io.netty.buffer.ByteBuf;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.opentest4j.AssertionFailedError;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * One connection to a {@link ParleyServer}, served in memory: the server's whole pipeline (framing, idle detection,
 * codec, and the session with its limits, reply ordering, greeting and authentication, as
 * {@link ParleyServer#newChannelInitializer(java.util.concurrent.Executor)} sets it up) on an {@link EmbeddedChannel}
 * whose clock is frozen. A test writes bytes as the client, reads exactly the bytes the server wrote, and moves time
 * forward to see idle timeouts and handler deadlines, without a socket and without sleeping.
 * <pre>{@code
 * try (ServerHarness h = ServerHarness.create(ParleyServer.builder().router(router).build())) {
 *     assertEquals("HELLO parley/1 parley\n", h.greeting());
 *     assertEquals("OK pong\n", h.send("ping\n").readAll());
 *     h.advance(Limits.DEFAULT_IDLE_TIMEOUT);
 *     assertEquals("BYE IDLE no request for 300 s", h.readLine());
 * }
 * }</pre>
 *
 * <p><b>Everything runs on the test's thread, until quiet.</b> Each call that drives the connection ({@link #send},
 * {@link #advance}, {@link #closeInput()}, {@link #runBlockingTasks()}, and the reads) first pumps it: it delivers
 * the bytes sent while the server reads, runs the event loop's pending tasks and the scheduled ones that have come
 * due, and (in {@link BlockingMode#RUN_WHEN_PUMPED}, the default) runs the tasks handed to the blocking executor,
 * over and over until none of these has anything left to do. Blocking handlers therefore complete before
 * {@code send} returns. With {@link BlockingMode#HELD} they wait until the test calls {@link #runBlockingTasks()}, so
 * a test can look at the connection while a handler is still running, or let a handler deadline pass first. An
 * {@link dev.parley.server.AsyncHandler}'s future must be completed on the test's thread as well (an
 * {@code EmbeddedChannel} is not thread-safe); its reply is written by the next call that pumps.
 *
 * <p>The client side behaves like a socket's: bytes sent while the server has stopped reading (its limits pause a
 * connection) wait until it reads again, one {@code send} being one read; bytes sent after the server closed the
 * connection are discarded. {@link #closeInput()} is the client's EOF (half-close), {@link #close()} its disconnect.
 *
 * <p>File bodies sent zero-copy ({@link FileRegion}s, as a server without TLS sends them) are read like any other
 * bytes. Not thread-safe. TLS is not supported: give a server without {@link ParleyServer#tls()}.
 */
public final class ServerHarness implements AutoCloseable {

    /** Most pump rounds before the harness decides the connection never goes quiet. */
    static final int MAX_ROUNDS = 100_000;

    /** Who runs the tasks the server hands to its blocking executor. */
    public enum BlockingMode {
        /** The harness runs them, on the test's thread, whenever it pumps the connection. The default. */
        RUN_WHEN_PUMPED,
        /** They wait in order until the test calls {@link ServerHarness#runBlockingTasks()}. */
        HELD
    }

    private final FrozenTime time;
    private final EmbeddedChannel channel;
    private final BlockingMode mode;
    private final ArrayDeque<Runnable> blockingTasks = new ArrayDeque<>();
    /** What the server wrote and the test has not read yet. */
    private final Written written = new Written();
    private final String greeting;
    private final ClientSide client;
    private boolean closed;

    private ServerHarness(ParleyServer server, BlockingMode mode) {
        if (server.tls() != null) {
            throw new IllegalArgumentException("tls: set (expected: a server without TLS; the harness speaks plain"
                    + " bytes)");
        }
        this.mode = mode;
        this.time = FrozenTime.create(server.newChannelInitializer(blockingTasks::addLast));
        this.channel = time.channel();
        this.client = new ClientSide(channel);
        pump();
        drainWritten();
        this.greeting = written.takeAll(StandardCharsets.UTF_8);
    }

    /**
     * Opens a connection to the server in memory, with blocking tasks run whenever the harness pumps.
     *
     * @param server the server definition; its bind address, port, event loops and executor play no part
     * @return the connected harness; the greeting, if any, is already written ({@link #greeting()})
     * @throws IllegalArgumentException if the server has TLS
     */
    public static ServerHarness create(ParleyServer server) {
        return create(server, BlockingMode.RUN_WHEN_PUMPED);
    }

    /**
     * Opens a connection to the server in memory.
     *
     * @param server the server definition; its bind address, port, event loops and executor play no part
     * @param mode who runs blocking handlers
     * @return the connected harness
     * @throws IllegalArgumentException if the server has TLS
     */
    public static ServerHarness create(ParleyServer server, BlockingMode mode) {
        return new ServerHarness(Objects.requireNonNull(server, "server"), Objects.requireNonNull(mode, "mode"));
    }

    /**
     * Returns what the server wrote when the connection opened, exactly.
     *
     * @return the greeting with its line terminator, or {@code ""} when the server greets with nothing
     */
    public String greeting() {
        return greeting;
    }

    /**
     * Sends the UTF-8 bytes of {@code text} as one read, then pumps until quiet.
     *
     * @param text what the client writes, line terminators included
     * @return this harness
     */
    public ServerHarness send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends bytes as one read, then pumps until quiet.
     *
     * @param bytes what the client writes; copied
     * @return this harness
     */
    public ServerHarness send(byte[] bytes) {
        return send(channel.alloc().buffer(bytes.length).writeBytes(bytes));
    }

    /**
     * Sends a buffer as one read, then pumps until quiet. The harness owns the buffer from here on.
     *
     * @param bytes what the client writes
     * @return this harness
     * @throws IllegalStateException if the input was already closed ({@link #closeInput()}) or the harness closed
     */
    public ServerHarness send(ByteBuf bytes) {
        if (client.inputClosed() || closed) {
            bytes.release();
            throw new IllegalStateException("send after " + (closed ? "close()" : "closeInput()"));
        }
        client.send(bytes);
        pump();
        return this;
    }

    /**
     * Pumps, then returns everything the server wrote that has not been read yet, decoded as UTF-8.
     *
     * @return the bytes written since the last read, possibly {@code ""}
     */
    public String readAll() {
        return new String(readAllBytes(), StandardCharsets.UTF_8);
    }

    /**
     * Pumps, then returns everything the server wrote that has not been read yet.
     *
     * @return the bytes written since the last read, possibly empty
     */
    public byte[] readAllBytes() {
        pump();
        drainWritten();
        return written.takeAll();
    }

    /**
     * Pumps, then returns the next line the server wrote, without its LF (and without a CR right before it, as
     * memcached's lines end). Use {@link #readAll()} to see line terminators exactly.
     *
     * @return the line, or {@code null} if no complete line is waiting
     */
    public String readLine() {
        pump();
        drainWritten();
        return written.takeLine();
    }

    /**
     * Moves the frozen clock forward, then pumps until quiet: idle timeouts and handler deadlines that have come due
     * fire, in the order they were scheduled.
     *
     * @param amount how far, {@code >= 0}
     * @return this harness
     * @throws IllegalArgumentException if {@code amount} is negative
     */
    public ServerHarness advance(Duration amount) {
        time.advance(amount);
        pump();
        return this;
    }

    /**
     * Returns how far the clock has been moved.
     *
     * @return the frozen time elapsed since the connection opened
     */
    public Duration elapsed() {
        return time.elapsed();
    }

    /**
     * Runs the blocking tasks waiting so far, and any they lead to, then pumps until quiet; the way to let held
     * handlers ({@link BlockingMode#HELD}) run.
     *
     * @return the number of blocking tasks run
     */
    public int runBlockingTasks() {
        int n = 0;
        Runnable task;
        while ((task = blockingTasks.pollFirst()) != null) {
            task.run();
            n++;
            pump();
        }
        pump();
        return n;
    }

    /**
     * Returns how many tasks wait for the blocking executor.
     *
     * @return the count; always 0 after a pump in {@link BlockingMode#RUN_WHEN_PUMPED}
     */
    public int pendingBlockingTasks() {
        return blockingTasks.size();
    }

    /**
     * Returns whether the server still has the connection open.
     *
     * @return {@code false} once the server (or {@link #close()}) closed it
     */
    public boolean isOpen() {
        pump();
        return channel.isOpen();
    }

    /**
     * Ends the client's input, as a client that shuts its output down (EOF, half-close) while still reading:
     * the server sees the end of input once it has read everything sent before, then answers what it received and
     * closes. Pumps until quiet. Idempotent.
     *
     * @return this harness
     */
    public ServerHarness closeInput() {
        if (!client.inputClosed() && !closed) {
            client.closeInput();
            pump();
        }
        return this;
    }

    /**
     * Returns the channel, for what the harness does not offer (its pipeline, attributes). Writing to it directly
     * bypasses the harness's pumping.
     *
     * @return the embedded channel serving the connection
     */
    public EmbeddedChannel channel() {
        return channel;
    }

    /**
     * Disconnects the client, runs what is left (blocking tasks too, so that their request bodies are released),
     * then asserts that the channel ended clean: no exception raised, no message left in it, no blocking task left,
     * no buffer leaked ({@link Teardown#assertClean}). Output the test has not read is discarded. Idempotent.
     *
     * @throws AssertionFailedError listing what was left or leaked
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.discard();
        channel.close();
        int leftTasks = 0;
        for (int i = 0; i < MAX_ROUNDS && !blockingTasks.isEmpty(); i++) {
            blockingTasks.pollFirst().run();
            channel.runPendingTasks();
            leftTasks = blockingTasks.size();
        }
        channel.runPendingTasks();
        drainWritten();
        written.takeAll();
        blockingTasks.clear();
        Teardown.assertClean(channel);
        if (leftTasks > 0) {
            throw new AssertionFailedError("blocking tasks kept scheduling more after the connection closed");
        }
    }

    /**
     * Runs everything that can run now until nothing can: bytes to deliver, event loop tasks, due timers and (when
     * run by the harness) blocking tasks. Then rethrows an exception the pipeline raised.
     */
    private void pump() {
        for (int round = 0; ; round++) {
            if (round == MAX_ROUNDS) {
                throw new IllegalStateException("the connection did not go quiet after " + MAX_ROUNDS
                        + " rounds: a task keeps scheduling work that is due now");
            }
            boolean busy = client.deliver();
            if (channel.hasPendingTasks()) {
                channel.runPendingTasks();
                busy = true;
            }
            if (mode == BlockingMode.RUN_WHEN_PUMPED && !blockingTasks.isEmpty()) {
                blockingTasks.pollFirst().run();
                busy = true;
            }
            if (!busy) {
                break;
            }
        }
        channel.checkException();
    }

    /** Moves what the server wrote into {@link #written}. */
    private void drainWritten() {
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            try {
                if (msg instanceof ByteBuf) {
                    written.add((ByteBuf) msg);
                } else if (msg instanceof FileRegion) {
                    written.add((FileRegion) msg);
                } else {
                    throw new AssertionFailedError("the server wrote a " + msg.getClass().getName()
                            + " where bytes were expected (its encoder let a message through)");
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    @Override
    public String toString() {
        return "ServerHarness{" + (channel.isOpen() ? "open" : "closed") + ", elapsed " + time.elapsed()
                + ", blocking tasks waiting " + blockingTasks.size() + '}';
    }
}
