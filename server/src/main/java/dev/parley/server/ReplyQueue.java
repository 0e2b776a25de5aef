package dev.parley.server;

import dev.parley.codec.text.ParleyReply;
import dev.parley.codec.text.ParleyReplyEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Puts replies back into request order and writes them. Confined to the channel's event loop.
 *
 * <p>A request answered at once while nothing is outstanding is written straight away, without bookkeeping. Any
 * other request takes a {@link Slot} at the tail; a completed slot waits until every slot before it is written.
 * Writes are flushed once per read batch ({@link #readComplete()}), or at once when a reply completes outside a
 * read batch.
 *
 * <p>When the reply encoder sits right before the session, reply lines are encoded into one buffer per flush (up to
 * {@value #MAX_BATCH} bytes) instead of one buffer each: a pipelined burst costs one write and one outbound entry, not
 * one per reply. Any other message (a body, a file region) first writes out the lines before it, so the order on the
 * wire is unchanged, and so are the bytes.
 */
final class ReplyQueue {

    /** Bytes of encoded lines gathered before they are written out even within a read batch. */
    static final int MAX_BATCH = 16 * 1024;
    private static final int INITIAL_BATCH = 512;

    /** One request's place in the reply order. */
    static final class Slot {
        Reply reply;
        boolean done;
        Future<?> timer;
        /** Stops the work behind the slot when it times out or the connection closes. */
        Runnable cancel;
    }

    private final ChannelHandlerContext ctx;
    /** The encoder's context, to write encoded replies from; null to write {@link ParleyReply}s through it. */
    private final ChannelHandlerContext encoder;
    private final SessionHandler session;
    private final boolean tls;
    private final ArrayDeque<Slot> pending = new ArrayDeque<>();
    /** Encoded reply lines not yet written to the encoder's context; null when none. */
    private ByteBuf batch;
    private boolean inRead;
    private boolean needsFlush;
    private boolean closing;
    private boolean closed;

    ReplyQueue(ChannelHandlerContext ctx, SessionHandler session, boolean tls) {
        this.ctx = ctx;
        this.encoder = encoderBefore(ctx);
        this.session = session;
        this.tls = tls;
    }

    int size() {
        return pending.size();
    }

    boolean isEmpty() {
        return pending.isEmpty();
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
        if (closing || closed) {
            reply.release();
        } else if (pending.isEmpty()) {
            write(reply);
            flushOutsideRead();
        } else {
            Slot s = new Slot();
            s.reply = reply;
            s.done = true;
            pending.addLast(s);
            session.outstandingChanged(pending.size());
        }
    }

    /** Reserves the next place in the reply order for a request answered later. */
    Slot reserve() {
        Slot s = new Slot();
        pending.addLast(s);
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
        if (closed) {
            reply.release();
            return true;
        }
        if (pending.peekFirst() == slot) {
            while (!pending.isEmpty() && pending.peekFirst().done) {
                write(pending.pollFirst().reply);
            }
            session.outstandingChanged(pending.size());
            flushOutsideRead();
        }
        return true;
    }

    private void flushOutsideRead() {
        if (!inRead) {
            flushIfNeeded();
        }
    }

    private void flushIfNeeded() {
        if (needsFlush) {
            needsFlush = false;
            writeBatch();
            ctx.flush();
        }
    }

    /** Writes out the encoded lines gathered so far. */
    private void writeBatch() {
        ByteBuf b = batch;
        if (b != null) {
            batch = null;
            encoder.write(b, encoder.voidPromise());
        }
    }

    private void write(Reply reply) {
        if (closing || closed) {
            reply.release();
            return;
        }
        ParleyReply line = reply.line();
        if (line != null) {
            if (line.kind() == ParleyReply.Kind.ERR) {
                session.session().errorSent();
            }
            writeLine(line);
        }
        ChannelHandlerContext out = encoder != null ? encoder : ctx;
        Object[] messages = reply.messages();
        for (int i = 0; i < messages.length; i++) {
            Object m = messages[i];
            if (m instanceof Reply.FileBody) {
                m = open((Reply.FileBody) m);
                if (m == null) {
                    for (int j = i + 1; j < messages.length; j++) {
                        ReferenceCountUtil.release(messages[j]);
                    }
                    return;
                }
            }
            writeBatch();
            out.write(m, out.voidPromise());
        }
        needsFlush |= line != null || messages.length > 0;
        if (reply.closesConnection()) {
            closing = true;
            needsFlush = false;
            writeBatch();
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            session.closingStarted();
        }
    }

    private void writeLine(ParleyReply line) {
        if (encoder == null) {
            ctx.write(line, ctx.voidPromise());
            return;
        }
        ByteBuf b = batch;
        if (b == null) {
            b = batch = ctx.alloc().ioBuffer(INITIAL_BATCH);
        }
        int mark = b.writerIndex();
        try {
            ParleyReplyEncoder.encode(line, b);
        } catch (RuntimeException e) {
            b.writerIndex(mark);
            // As a failed write through the encoder would report it.
            ctx.pipeline().fireExceptionCaught(e instanceof EncoderException ? e : new EncoderException(e));
            return;
        }
        if (b.readableBytes() >= MAX_BATCH) {
            writeBatch();
        }
    }

    /** The context of the reply encoder when it is the handler right before the session, else null. */
    private static ChannelHandlerContext encoderBefore(ChannelHandlerContext session) {
        List<String> names = session.pipeline().names();
        int i = names.indexOf(session.name());
        if (i <= 0) {
            return null;
        }
        ChannelHandlerContext before = session.pipeline().context(names.get(i - 1));
        return before != null && before.handler() instanceof ParleyReplyEncoder ? before : null;
    }

    private Object open(Reply.FileBody file) {
        if (!tls) {
            return new DefaultFileRegion(file.file(), file.offset(), file.length());
        }
        try {
            FileChannel channel = FileChannel.open(file.file().toPath(), StandardOpenOption.READ);
            return new ChunkedNioFile(channel, file.offset(), file.length(), 8192);
        } catch (IOException e) {
            // The line announcing the body is already written: the stream cannot be kept in sync.
            RunningServer.LOG.warn("PS030 cannot open {} for a reply body on session {}: {}: {}; closing",
                    file.file(), session.session().id(), e.getClass().getName(), e.getMessage());
            closing = true;
            writeBatch();
            ctx.flush();
            ctx.close();
            return null;
        }
    }

    /** The channel closed: cancels the work behind every slot and releases what is held. */
    void closeAll() {
        closed = true;
        if (batch != null) {
            batch.release();
            batch = null;
        }
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
