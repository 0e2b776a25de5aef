package dev.parley.server;

import dev.parley.codec.spi.Failure;
import dev.parley.codec.framing.BlockChunk;
import io.netty.channel.EventLoop;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Feeds one streamed request body to its {@link BodySink} on the blocking executor, one task at a time, and asks the
 * session to stop reading while more than {@link Limits#maxPendingBodyBytes()} bytes wait for the sink.
 */
final class BodyStream implements Runnable {

    private final Dispatcher dispatcher;
    private final SessionHandler session;
    private final ReplyQueue queue;
    private final ReplyQueue.Slot slot;
    private final Command command;
    private final Call call;
    private final EventLoop loop;
    private final long maxPending;
    private final ConcurrentLinkedQueue<BlockChunk> chunks = new ConcurrentLinkedQueue<>();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean aborted;
    /** Executor thread only. */
    private BodySink sink;
    private boolean failed;

    BodyStream(Dispatcher dispatcher, SessionHandler session, ReplyQueue queue, Command command, Call call,
               long maxPending) {
        this.dispatcher = dispatcher;
        this.session = session;
        this.queue = queue;
        this.command = command;
        this.call = call;
        this.loop = call.session().eventLoop();
        this.maxPending = maxPending;
        this.slot = queue.reserve();
        slot.cancel = this::abort;
        dispatcher.armTimeout(slot, command, call);
    }

    /** Event loop: queues a chunk for the sink. */
    void offer(BlockChunk chunk) {
        if (aborted) {
            chunk.release();
            return;
        }
        // Counted before it is queued: from then on the executor may write and release it at any moment.
        int size = chunk.content().readableBytes();
        chunks.add(chunk);
        if (pending.addAndGet(size) > maxPending) {
            session.pause().pause(ReadPause.Reason.BODY);
            // The sink may have consumed everything between the count and the pause, and found no pause to lift:
            // then nobody else would. (It writes the count before it reads the pause; this reads after writing.)
            if (pending.get() <= maxPending / 2) {
                session.pause().resume(ReadPause.Reason.BODY);
            }
        }
        schedule();
    }

    /** Any thread: the body will not complete (timeout, connection closed). */
    void abort() {
        aborted = true;
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true) && !dispatcher.submit(slot, this)) {
            aborted = true;
            releaseQueued();
        }
    }

    @Override
    public void run() {
        for (;;) {
            if (aborted) {
                finishAborted();
                return;
            }
            if (sink == null && !failed) {
                open();
            }
            BlockChunk chunk = chunks.poll();
            if (chunk == null) {
                scheduled.set(false);
                if (chunks.isEmpty() && !aborted || !scheduled.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            try {
                consume(chunk);
            } finally {
                chunk.release();
            }
        }
    }

    private void open() {
        try {
            if (session.context().draining()) {
                fail(session.context().failure(Failure.SHUTTING_DOWN, "the server is shutting down; not executed"));
            } else {
                sink = ((BodyHandler) command.handler()).open(call);
            }
        } catch (Throwable t) {
            fail(dispatcher.internal(t, call));
        }
    }

    private void consume(BlockChunk chunk) {
        long left = pending.addAndGet(-chunk.content().readableBytes());
        if (left <= maxPending / 2 && session.pause().has(ReadPause.Reason.BODY)) {
            loop.execute(() -> session.pause().resume(ReadPause.Reason.BODY));
        }
        if (failed) {
            return;
        }
        try {
            sink.onChunk(chunk.content());
            if (chunk.isLast()) {
                Reply reply = chunk.trailerValid() ? sink.onComplete()
                        : session.context().failure(Failure.BAD_REQUEST, "bad bytes after the body");
                Reply r = reply == null ? Reply.none() : reply;
                loop.execute(() -> queue.complete(slot, r));
            }
        } catch (Throwable t) {
            sink.onError(t);
            fail(dispatcher.internal(t, call));
        }
    }

    private void fail(Reply reply) {
        failed = true;
        loop.execute(() -> queue.complete(slot, reply));
    }

    private void finishAborted() {
        if (sink != null && !failed) {
            failed = true;
            sink.onError(new java.util.concurrent.CancellationException("request aborted"));
        }
        releaseQueued();
        if (pending.get() > 0 || session.pause().has(ReadPause.Reason.BODY)) {
            pending.set(0);
            loop.execute(() -> session.pause().resume(ReadPause.Reason.BODY));
        }
        scheduled.set(false);
    }

    private void releaseQueued() {
        BlockChunk c;
        while ((c = chunks.poll()) != null) {
            c.release();
        }
    }
}
