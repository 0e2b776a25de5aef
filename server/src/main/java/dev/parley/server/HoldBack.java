package dev.parley.server;

import dev.parley.codec.framing.BlockChunk;
import dev.parley.codec.spi.RejectedRequest;
import dev.parley.codec.spi.Request;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;

import java.util.ArrayDeque;

/**
 * The one place a session holds back what it has received but must not start yet. Before a request starts it checks,
 * in O(1), the connection's budgets: {@link Limits#maxOutstanding()} unanswered requests,
 * {@link Limits#maxRunningRequests()} requests running (blocking, async, streamed bodies) and
 * {@link Limits#maxPendingReplyBytes()} reply bytes held unsent ({@link ReplyQueue#heldBytes()}), and, once it has a
 * request running, the blocking executor's {@link Limits#blockingReserve() reserve}. Over any of them the session
 * stops reading ({@link ReadPause.Reason#HELD}) and whatever the current read still delivers (the rest of the batch
 * the framing decoded) waits here, in order, to be handled once replies have gone out or work has finished. Body
 * chunks of a request already started are not held back (its body limits pace them), unless something is already
 * held, since nothing overtakes what waits. A framing violation takes its place behind what waits too
 * ({@link #offerInOrder}). Confined to the event loop.
 *
 * <p>Why not Netty's {@code FlowControlHandler} in front of the session: it holds the messages of one read while
 * auto-read is off and hands out one per {@code read()}, but the session needs four things it does not give (each
 * shown by {@code FlowControlHandlerTest}):
 * <ul>
 * <li>an exception and a user event overtake the messages it holds, so a framing violation's {@code BYE PROTOCOL},
 * and the client's end of input, would come before requests received earlier are answered;</li>
 * <li>{@code read()} with nothing held reads the socket: the session cannot say "hand me what is held, read no more",
 * which draining for shutdown and closing after a violation need (answer what was received, take nothing new);</li>
 * <li>whether anything is held cannot be asked (its {@code isQueueEmpty()} is not public), and the session must know
 * it to decide when a drained or half-closed connection is finished;</li>
 * <li>auto-read is its only switch, so every pause (a slow reader's writability, a streamed body's sink) would hold
 * the rest of a read, chunks of the body in progress included, where only a budget must.</li>
 * </ul>
 * It would also put every message through one more stage and a recycled queue, where this costs one null check
 * while nothing is held.
 */
final class HoldBack {

    private final ServerContext context;
    private final ReplyQueue queue;
    private final ReadPause pause;
    private final EventExecutor loop;
    /** Handles a message that may go on, and hears when everything held has been handled. */
    private final SessionHandler owner;
    private final Observing observing;
    private final ServerSession session;
    private final int maxOutstanding;
    private final int maxRunning;
    private final long maxHeldBytes;
    /** Messages received while a budget holds, in order; null when nothing is held back. */
    private ArrayDeque<Object> held;
    private boolean releaseScheduled;

    /**
     * @param owner handles a message that may go on ({@link SessionHandler#handle}) and is told when everything held
     *              has been handled ({@link SessionHandler#heldReleased})
     */
    HoldBack(ServerContext context, ReplyQueue queue, ReadPause pause, EventExecutor loop, ServerSession session,
             SessionHandler owner) {
        this.context = context;
        this.queue = queue;
        this.pause = pause;
        this.loop = loop;
        this.session = session;
        this.owner = owner;
        this.observing = context.observing();
        Limits limits = context.limits();
        this.maxOutstanding = limits.maxOutstanding();
        this.maxRunning = limits.maxRunningRequests();
        this.maxHeldBytes = limits.maxPendingReplyBytes();
    }

    /** @return whether nothing is held back */
    boolean isEmpty() {
        return held == null;
    }

    /** @return how many messages are held back (tests) */
    int size() {
        return held == null ? 0 : held.size();
    }

    /**
     * Holds a message received now if something is held already, or if it is not a body chunk and a budget holds
     * (reading stops then).
     *
     * @return whether it was held; if not, it may be handled now
     */
    boolean offer(Object msg) {
        if (held != null) {
            add(msg);
            return true;
        }
        if (!(msg instanceof BlockChunk) && overLimit()) {
            held = new ArrayDeque<>();
            add(msg);
            pause.pause(ReadPause.Reason.HELD);
            return true;
        }
        return false;
    }

    /**
     * Puts a message behind what is held, if anything is.
     *
     * @return whether it was held; if not, it may be handled now
     */
    boolean offerInOrder(Object msg) {
        if (held == null) {
            return false;
        }
        held.addLast(msg);
        return true;
    }

    private void add(Object msg) {
        held.addLast(msg);
        if (observing != null && (msg instanceof Request || msg instanceof RejectedRequest)) {
            observing.requestHeld(session);
        }
    }

    /**
     * Whether a new request must wait: too many unanswered or running, too many reply bytes held, or a request
     * already running while the blocking executor is down to its reserve. O(1). Each of these ends with work of this
     * connection finishing or its client reading, which looks again ({@link #releaseIfRoom}).
     */
    boolean overLimit() {
        int running = queue.running();
        return queue.size() >= maxOutstanding || running >= maxRunning || queue.heldBytes() > maxHeldBytes
                || running > 0 && context.blockingReserveReached();
    }

    /** Work finished or replies went out: if the budgets allow, handles what is held, as a task of its own. */
    void releaseIfRoom() {
        if (held != null && !releaseScheduled && !overLimit()) {
            // Not from inside the queue's bookkeeping that called us: handle the held messages as a new task.
            releaseScheduled = true;
            loop.execute(this::release);
        }
    }

    /** Handles held-back messages in order until a budget holds again; reading resumes once none are left. */
    private void release() {
        if (held == null) {
            releaseScheduled = false;
            return;
        }
        // Still marked scheduled while it runs: the queue's callbacks from the requests handled here need no new round.
        queue.readStarted();
        Object msg;
        while (held != null && (msg = held.peekFirst()) != null && (msg instanceof BlockChunk || !overLimit())) {
            held.pollFirst();
            owner.handle(msg);
        }
        releaseScheduled = false;
        if (held != null && held.isEmpty()) {
            held = null;
            pause.resume(ReadPause.Reason.HELD);
            owner.heldReleased();
        }
        queue.readComplete();
    }

    /** The connection closed: releases what is held, unhandled. */
    void discard() {
        ArrayDeque<Object> h = held;
        held = null;
        if (h != null) {
            Object msg;
            while ((msg = h.pollFirst()) != null) {
                ReferenceCountUtil.release(msg);
            }
        }
    }
}
