package dev.parley.server;

import dev.parley.testkit.FrozenTime;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An aggregated request body belongs to the handler's task until that task ends: a request timeout or a closed
 * connection in the middle of the handler's reading completes the reply (or drops it) but never frees the bytes the
 * handler still reads. The body is released exactly once: after the handler, or, when the task never started, by
 * the cancellation.
 *
 * <p>Single-threaded on a frozen clock: the blocking executor hands its tasks to the test, which runs them on the
 * channel's thread; the handler fires the timeout or closes the connection itself, between reading the first and
 * the second half of its body. The test keeps one extra reference to the inbound buffer the body is a slice of, to
 * see when the body's own reference is given back.
 */
class BodyOwnershipTest {

    private static final Duration LIMIT = Duration.ofSeconds(5);
    private static final String CONTENT = "0123456789abcdef";

    /** Tasks handed to the blocking executor, run when the test says so. */
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final Executor executor = tasks::addLast;
    private FrozenTime time;
    private ByteBuf inbound;
    /** What the handler does between its two halves. */
    private Runnable midRead = () -> { };
    private String read;
    private Throwable readFailure;
    private int refCntAfterInterruption;
    private boolean handlerRan;
    private CompletableFuture<Reply> asyncReply;
    private Runnable asyncWork;
    private final StringBuilder written = new StringBuilder();

    private EmbeddedChannel channel() {
        return time.channel();
    }

    private void start() {
        Router router = Router.builder()
                .add(Command.action("bput").aggregateBody(1024).blocking().handler(this::readBody))
                .add(Command.action("aput").aggregateBody(1024).async(call -> {
                    asyncReply = new CompletableFuture<>();
                    asyncWork = () -> asyncReply.complete(readBody(call));
                    return asyncReply;
                }))
                .build();
        ParleyServer options = ParleyServer.builder().router(router)
                .server(s -> s.limits(l -> l.handlerTimeout(LIMIT))).build();
        ServerContext context = new ServerContext(options, executor, () -> { });
        time = FrozenTime.create(new ServerInitializer(context));
        assertEquals("HELLO parley/1 parley", readLine());
    }

    /** Reads the body in two halves with {@link #midRead} in between, as a handler copying it slowly would. */
    private Reply readBody(Call call) {
        handlerRan = true;
        ByteBuf body = call.body();
        byte[] bytes = new byte[body.readableBytes()];
        int half = bytes.length / 2;
        try {
            body.getBytes(body.readerIndex(), bytes, 0, half);
            midRead.run();
            refCntAfterInterruption = body.refCnt();
            body.getBytes(body.readerIndex() + half, bytes, half, bytes.length - half);
            read = new String(bytes, StandardCharsets.US_ASCII);
        } catch (RuntimeException e) {
            readFailure = e;
        }
        return Reply.OK;
    }

    private void send(String verb) {
        byte[] line = (verb + " {" + CONTENT.length() + "}\n" + CONTENT).getBytes(StandardCharsets.US_ASCII);
        inbound = channel().alloc().buffer(line.length).writeBytes(line);
        inbound.retain();
        channel().writeInbound(inbound);
    }

    /** @return the next reply line without its LF, or null when nothing more was written */
    private String readLine() {
        ByteBuf b;
        while ((b = channel().readOutbound()) != null) {
            try {
                written.append(b.toString(StandardCharsets.UTF_8));
            } finally {
                b.release();
            }
        }
        int lf = written.indexOf("\n");
        if (lf < 0) {
            return null;
        }
        String line = written.substring(0, lf);
        written.delete(0, lf + 1);
        return line;
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.pollFirst()) != null) {
            task.run();
            // A cancelled blocking task is interrupted: here it ran on the test's own thread.
            Thread.interrupted();
        }
        channel().runPendingTasks();
    }

    private void timeOut() {
        time.advance(LIMIT);
    }

    /** The handler saw all its bytes, with its body still referenced after the interruption. */
    private void assertReadWhole() {
        assertNull(readFailure, () -> "the body was freed under the handler: " + readFailure);
        assertEquals(CONTENT, read);
        assertTrue(refCntAfterInterruption > 0, "body refCnt after the interruption: " + refCntAfterInterruption);
    }

    /** Only the test's own reference to the inbound buffer is left: the body was released, and only once. */
    private void assertBodyReleasedOnce() {
        assertEquals(1, inbound.refCnt(), "references to the inbound buffer besides the test's");
        assertTrue(inbound.release());
        inbound = null;
    }

    @AfterEach
    void tearDown() {
        Thread.interrupted();
        if (time != null) {
            channel().finishAndReleaseAll();
        }
        if (inbound != null && inbound.refCnt() > 0) {
            inbound.release(inbound.refCnt());
        }
    }

    @Test
    void blockingHandlerKeepsItsBodyWhenTheTimeoutFiresMidRead() {
        start();
        midRead = this::timeOut;
        send("bput");
        runTasks();
        assertEquals("ERR TIMEOUT over the time limit of 5000 ms", readLine());
        assertReadWhole();
        assertBodyReleasedOnce();
        assertTrue(channel().isActive());
    }

    @Test
    void blockingHandlerKeepsItsBodyWhenTheConnectionClosesMidRead() {
        start();
        midRead = () -> channel().close();
        send("bput");
        runTasks();
        assertFalse(channel().isActive());
        assertReadWhole();
        assertBodyReleasedOnce();
    }

    @Test
    void asyncHandlerKeepsItsBodyUntilItsStageCompletesAfterATimeout() {
        start();
        midRead = this::timeOut;
        send("aput");
        assertNotNull(asyncWork, "the async handler was called");
        asyncWork.run();
        channel().runPendingTasks();
        assertEquals("ERR TIMEOUT over the time limit of 5000 ms", readLine());
        assertReadWhole();
        assertBodyReleasedOnce();
    }

    @Test
    void asyncHandlerKeepsItsBodyUntilItsStageCompletesAfterTheConnectionCloses() {
        start();
        midRead = () -> channel().close();
        send("aput");
        asyncWork.run();
        channel().runPendingTasks();
        assertReadWhole();
        assertBodyReleasedOnce();
    }

    @Test
    void asyncHandlerBodyIsReleasedWhenItsStageCompletes() {
        start();
        send("aput");
        assertEquals(2, inbound.refCnt(), "the body holds the inbound bytes while the stage is pending");
        asyncWork.run();
        channel().runPendingTasks();
        assertEquals("OK", readLine());
        assertReadWhole();
        assertBodyReleasedOnce();
    }

    @Test
    void blockingTaskCancelledBeforeItStartsReleasesTheBodyOnceAndNeverRunsTheHandler() {
        start();
        send("bput");
        timeOut();
        assertEquals("ERR TIMEOUT over the time limit of 5000 ms", readLine());
        assertEquals(1, inbound.refCnt(), "the cancelled task's body is released at once");
        runTasks();
        assertFalse(handlerRan, "a cancelled task does not run its handler");
        assertBodyReleasedOnce();
    }

    @Test
    void blockingTaskQueuedWhenTheConnectionClosesReleasesTheBodyOnce() {
        start();
        send("bput");
        channel().close();
        assertEquals(1, inbound.refCnt(), "the queued task's body is released when the connection closes");
        runTasks();
        assertFalse(handlerRan);
        assertBodyReleasedOnce();
    }

    @Test
    void blockingHandlerReleasesItsBodyAfterItReturns() {
        start();
        send("bput");
        assertEquals(2, inbound.refCnt());
        runTasks();
        assertEquals("OK", readLine());
        assertReadWhole();
        assertBodyReleasedOnce();
    }
}
