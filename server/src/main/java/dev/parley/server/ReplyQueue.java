package dev.parley.server;

import dev.parley.codec.spi.Failure;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * Puts replies back into request order and writes them. Confined to the channel's event loop.
 *
 * <p>A request answered at once while nothing is outstanding is written straight away, without bookkeeping. Any
 * other request takes a {@link Slot} at the tail; a completed slot waits until every slot before it is written.
 * Writes are flushed once per read batch ({@link #readComplete()}), or at once when a reply completes outside a
 * read batch.
 *
 * <p>Replies are written with a void promise through the protocol's encoder, which gathers them until the flush (see
 * {@link dev.parley.codec.spi.BatchingEncoder}): a pipelined burst costs one write and one outbound entry.
 *
 * <p>It also keeps what the session's budgets are checked against, in O(1): {@link #heldBytes()} (the channel's
 * outbound bytes and the completed replies waiting for an earlier one) and
 * {@link #running()} (reserved slots not yet complete). A file body ({@link Reply#okWithFile}) is opened only when its
 * reply reaches the head of the order, by a {@link FileTransfer} on the blocking executor; later replies wait behind
 * it until its body is handed to the channel, and at most {@link Limits#maxOpenFiles()} files are open at once.
 */
final class ReplyQueue {

    /** One request's place in the reply order. */
    static final class Slot {
        Reply reply;
        boolean done;
        Future<?> timer;
        /** Stops the work behind the slot when it times out or the connection closes. */
        Runnable cancel;
        /** What the completed reply counts in {@link #heldBytes()} while it waits. */
        long held;
        /** Set when an observer is told of the answer: the request's verb and when the server started on it. */
        boolean observed;
        String verb;
        long since;
    }

    private final ChannelHandlerContext ctx;
    private final SessionHandler session;
    private final boolean tls;
    private final Executor files;
    private final int maxOpenFiles;
    /** Small at first (it grows as needed): an idle connection holds no slot, a pipelined one a few. */
    private final ArrayDeque<Slot> pending = new ArrayDeque<>(3);
    /** The file body being opened or sent (later replies wait for it), or waiting for an open-file place. */
    private FileTransfer transfer;
    private int openFiles;
    private int running;
    private long waitingBytes;
    private boolean inRead;
    private boolean needsFlush;
    private boolean closing;
    private boolean closed;
    /** The server's observer, or null; then the fields below stay unused. */
    private final Observing observing;
    /** A request is being routed: its first answer, or the slot it reserves, is reported to the observer. */
    private boolean answering;
    private String answeringVerb;
    private long answeringSince;

    ReplyQueue(ChannelHandlerContext ctx, SessionHandler session, boolean tls, Executor files, int maxOpenFiles) {
        this.ctx = ctx;
        this.session = session;
        this.tls = tls;
        this.files = files;
        this.maxOpenFiles = maxOpenFiles;
        this.observing = session.context().observing();
    }

    /**
     * A request is being routed (only called when the server has an observer): the next {@link #reply} or
     * {@link #reserve} is its answer, reported with {@code verb} and the time since {@code since}.
     */
    void answering(String verb, long since) {
        answering = true;
        answeringVerb = verb;
        answeringSince = since;
    }

    /** The routing of the request is over; answers after it (a {@code BYE} that follows) are not requests. */
    void answeringDone() {
        answering = false;
        answeringVerb = null;
    }

    private void answered(String verb, long since, Reply reply) {
        observing.requestAnswered(session.session(), verb, reply, ctx.executor().ticker().nanoTime() - since);
    }

    int size() {
        return pending.size();
    }

    /** @return requests that took a slot and are not complete yet (running handlers, streamed bodies, delays) */
    int running() {
        return running;
    }

    /**
     * @return reply bytes this connection holds unsent: the channel's outbound bytes (with TLS, before and after
     *         encryption) and the completed replies waiting for an earlier one
     */
    long heldBytes() {
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        return waitingBytes + (out == null ? 0 : out.totalPendingWriteBytes());
    }

    /** @return file bodies of this connection open now */
    int openFiles() {
        return openFiles;
    }

    /** @return whether no reply is pending and no file body is being sent */
    boolean isEmpty() {
        return pending.isEmpty() && transfer == null;
    }

    boolean closing() {
        return closing || closed;
    }

    void readStarted() {
        inRead = true;
    }

    void readComplete() {
        inRead = false;
        flushIfNeeded();
    }

    /** Answers a request whose reply is known now. */
    void reply(Reply reply) {
        if (answering) {
            answering = false;
            answered(answeringVerb, answeringSince, reply);
        }
        if (closing || closed) {
            reply.release();
        } else if (pending.isEmpty() && transfer == null) {
            write(reply);
            flushOutsideRead();
        } else {
            Slot s = new Slot();
            s.reply = reply;
            s.done = true;
            s.held = reply.heldBytes();
            waitingBytes += s.held;
            pending.addLast(s);
            session.outstandingChanged(pending.size());
        }
    }

    /** Reserves the next place in the reply order for a request answered later; it counts as running until then. */
    Slot reserve() {
        Slot s = new Slot();
        if (answering) {
            answering = false;
            s.observed = true;
            s.verb = answeringVerb;
            s.since = answeringSince;
        }
        pending.addLast(s);
        running++;
        session.outstandingChanged(pending.size());
        return s;
    }

    /**
     * Completes a slot; its reply goes out as soon as every earlier one has.
     *
     * @return false if the slot was already complete (timed out); the reply is then released
     */
    boolean complete(Slot slot, Reply reply) {
        if (slot.done) {
            reply.release();
            return false;
        }
        slot.done = true;
        slot.reply = reply;
        if (slot.timer != null) {
            slot.timer.cancel(false);
        }
        if (slot.observed && !closed) {
            answered(slot.verb, slot.since, reply);
        }
        if (closed) {
            reply.release();
            return true;
        }
        running--;
        slot.held = reply.heldBytes();
        waitingBytes += slot.held;
        if (pending.peekFirst() == slot) {
            drain();
        }
        session.outstandingChanged(pending.size());
        flushOutsideRead();
        return true;
    }

    /** Writes the completed replies at the head, up to the first incomplete one or a file body in progress. */
    private void drain() {
        Slot s;
        while (transfer == null && (s = pending.peekFirst()) != null && s.done) {
            pending.pollFirst();
            waitingBytes -= s.held;
            write(s.reply);
        }
    }

    /** The channel's writability changed: a file body under TLS reads on once it is writable. */
    void writabilityChanged() {
        if (transfer != null && ctx.channel().isWritable()) {
            transfer.writable();
        }
    }

    private void flushOutsideRead() {
        if (!inRead) {
            flushIfNeeded();
        }
    }

    private void flushIfNeeded() {
        if (needsFlush) {
            needsFlush = false;
            ctx.flush();
        }
    }

    private void write(Reply reply) {
        if (closing || closed) {
            reply.release();
            return;
        }
        if (reply.fileBody() != null) {
            transfer = new FileTransfer(this, reply, files, ctx.channel().eventLoop(), tls);
            if (openFiles < maxOpenFiles) {
                openFiles++;
                transfer.start();
            }
            return;
        }
        Object line = reply.message();
        if (line != null) {
            if (reply.isError()) {
                session.session().errorSent();
            }
            writeLine(line);
        }
        Object[] messages = reply.messages();
        for (Object m : messages) {
            ctx.write(m, ctx.voidPromise());
        }
        needsFlush |= line != null || messages.length > 0;
        if (reply.closesConnection()) {
            closing = true;
            needsFlush = false;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            session.closingStarted();
        }
    }

    private void writeLine(Object line) {
        ctx.write(line, ctx.voidPromise());
    }

    ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    boolean writable() {
        return ctx.channel().isWritable();
    }

    /** A file transfer opened its file: its line goes out (the body follows). */
    void writeFileLine(Reply reply) {
        writeLine(reply.message());
    }

    /** A file transfer's zero-copy region, written behind its line. */
    void writeFileBody(Object region) {
        ctx.write(region, ctx.voidPromise());
    }

    /** A chunk of a file body under TLS: written and flushed now, as the connection drains. */
    void writeFileChunk(ByteBuf chunk) {
        ctx.writeAndFlush(chunk, ctx.voidPromise());
    }

    /** A file transfer handed its whole body to the channel: the replies behind it go out. */
    void fileSent(FileTransfer t) {
        if (transfer != t) {
            return;
        }
        transfer = null;
        needsFlush = true;
        drain();
        session.outstandingChanged(pending.size());
        flushOutsideRead();
    }

    /** An open file of this connection was closed (sent, dropped or failed): a file reply waiting for it starts. */
    void fileClosed() {
        openFiles--;
        FileTransfer t = transfer;
        if (t != null && !t.started() && !closing && !closed && openFiles < maxOpenFiles) {
            openFiles++;
            t.start();
        }
    }

    /**
     * A file transfer could not open its file (or the executor refused the work): nothing of its reply is written yet,
     * so an error line takes its place and the replies behind it follow; the connection stays in sync.
     */
    void fileUnavailable(FileTransfer t, Throwable cause) {
        if (transfer != t || closing || closed) {
            return;
        }
        Reply error;
        if (cause instanceof FileSource.Refused) {
            FileSource.Refused refused = (FileSource.Refused) cause;
            RunningServer.LOG.debug("reply body from {} refused on session {}: {} {}", t, session.session().id(),
                    refused.code(), refused.getMessage(), refused.getCause());
            error = Reply.error(refused.code(), refused.getMessage());
        } else if (cause instanceof RejectedExecutionException) {
            session.log().warn("PS031", "", "PS031 blocking executor full or stopped on session {}: {}",
                    session.session().id(), cause.toString());
            error = session.context().failure(Failure.BUSY, "the server is too busy to open the file; not sent");
        } else {
            session.log().warn("PS030", cause.getClass().getName(),
                    "PS030 reply body from {} cannot be opened on session {}: {}: {}", t, session.session().id(),
                    cause.getClass().getName(), cause.getMessage());
            error = session.context().failure(Failure.FAILED, "the file cannot be opened; not sent");
        }
        write(error);
        fileSent(t);
    }

    /**
     * A file body cannot be supplied once its line is out (it ended before the announced bytes, the executor refused
     * the work): the stream cannot be kept in sync, so the connection closes.
     */
    void fileFailed(FileTransfer t, Throwable cause) {
        if (closing || closed) {
            return;
        }
        session.log().warn("PS030", cause.getClass().getName(),
                "PS030 reply body from {} cannot be sent on session {}: {}: {}; closing", t,
                session.session().id(), cause.getClass().getName(), cause.getMessage());
        closing = true;
        ctx.flush();
        ctx.close();
    }

    /** The channel closed: cancels the work behind every slot and releases what is held. */
    void closeAll() {
        closed = true;
        if (transfer != null) {
            transfer.cancel();
            transfer = null;
        }
        running = 0;
        waitingBytes = 0;
        Slot s;
        while ((s = pending.pollFirst()) != null) {
            if (s.timer != null) {
                s.timer.cancel(false);
            }
            if (s.done) {
                s.reply.release();
            } else {
                s.done = true;
                if (s.cancel != null) {
                    s.cancel.run();
                }
            }
        }
    }
}
