package dev.parley.testkit.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One way through a proxied connection: bytes read from the source channel are cut and timed by the faults that
 * apply, queued with the time each piece is due, and written to the destination channel in order. Held bytes are
 * bounded: above the bound, or while the destination is not writable, the source is not read (backpressure).
 * Every method runs on the connection's event loop.
 */
final class Flow {

    private static final class Piece {
        final ByteBuf buf;
        final long due;

        Piece(ByteBuf buf, long due) {
            this.buf = buf;
            this.due = due;
        }
    }

    private enum State { OPEN, ENDING, LIMIT_REACHED, DONE }

    private final ProxyConnection connection;
    private final Direction way;
    private final int maxHeldBytes;
    private final ArrayDeque<Piece> queue = new ArrayDeque<>();
    private Channel source;
    private Channel dest;
    private State state = State.OPEN;
    private boolean fullClose;
    private long heldBytes;
    private long lastDue = Long.MIN_VALUE;
    private long bandwidthNext = Long.MIN_VALUE;
    private ScheduledFuture<?> wakeup;
    private long wakeupAt;

    Flow(ProxyConnection connection, Direction way, int maxHeldBytes) {
        this.connection = connection;
        this.way = way;
        this.maxHeldBytes = maxHeldBytes;
    }

    void connect(Channel source, Channel dest) {
        this.source = source;
        this.dest = dest;
    }

    boolean isDone() {
        return state == State.DONE;
    }

    /** Takes ownership of bytes read from the source. */
    void receive(ByteBuf buf) {
        if (state != State.OPEN || dest == null) {
            buf.release();
            return;
        }
        long now = connection.nanoTime();
        List<Fault> faults = connection.active(way);
        long latency = 0;
        long rate = Long.MAX_VALUE;
        Fault slicer = null;
        for (Fault f : faults) {
            switch (f.kind()) {
                case LATENCY:
                    latency += connection.delayWithJitter(f);
                    break;
                case BANDWIDTH:
                    rate = Math.min(rate, f.amount());
                    break;
                case SLICER:
                    slicer = slicer == null ? f : slicer;
                    break;
                case LIMIT_DATA:
                    buf = limit(f, buf);
                    break;
                default:
                    break;
            }
        }
        long due = now + Math.max(0, latency);
        while (buf.isReadable()) {
            int size = slicer == null ? buf.readableBytes() : connection.sliceSize(slicer);
            if (rate != Long.MAX_VALUE) {
                size = (int) Math.min(size, Math.max(1, rate / 10));
            }
            ByteBuf piece = buf.readRetainedSlice(Math.min(size, buf.readableBytes()));
            long pieceDue = Math.max(due, lastDue);
            if (slicer != null && lastDue != Long.MIN_VALUE) {
                pieceDue = Math.max(pieceDue, lastDue + slicer.time().toNanos());
            }
            if (rate != Long.MAX_VALUE) {
                long start = Math.max(pieceDue, bandwidthNext);
                pieceDue = start + piece.readableBytes() * 1_000_000_000L / rate;
                bandwidthNext = pieceDue;
            }
            lastDue = pieceDue;
            queue.add(new Piece(piece, pieceDue));
            heldBytes += piece.readableBytes();
        }
        buf.release();
        pump();
    }

    private ByteBuf limit(Fault f, ByteBuf buf) {
        ProxyConnection.FaultState s = connection.stateOf(f);
        long remaining = f.amount() - s.bytes;
        if (buf.readableBytes() < remaining) {
            s.bytes += buf.readableBytes();
            return buf;
        }
        s.bytes = f.amount();
        state = State.LIMIT_REACHED;
        ByteBuf kept = buf.readRetainedSlice((int) remaining);
        buf.release();
        return kept;
    }

    /** Writes every piece that is due and not held, then handles an end once the queue is empty. */
    void pump() {
        if (state == State.DONE || dest == null) {
            return;
        }
        long now = connection.nanoTime();
        long heldUntil = connection.heldUntil(way, now);
        boolean wrote = false;
        while (!queue.isEmpty() && heldUntil <= now) {
            Piece head = queue.peek();
            if (head.due > now) {
                break;
            }
            queue.poll();
            heldBytes -= head.buf.readableBytes();
            dest.write(head.buf, dest.voidPromise());
            wrote = true;
        }
        if (wrote) {
            dest.flush();
        }
        if (heldUntil > now) {
            if (heldUntil != Long.MAX_VALUE) {
                wakeAt(heldUntil);
            }
        } else if (!queue.isEmpty()) {
            wakeAt(queue.peek().due);
        } else if (state == State.LIMIT_REACHED) {
            state = State.DONE;
            dest.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> connection.closeBoth());
        } else if (state == State.ENDING) {
            state = State.DONE;
            long delay = connection.slowCloseNanos(way);
            if (delay > 0 && !dest.eventLoop().isShuttingDown()) {
                dest.eventLoop().schedule(this::passEnd, delay, TimeUnit.NANOSECONDS);
            } else {
                passEnd();
            }
        }
        updateAutoRead();
    }

    private void passEnd() {
        if (fullClose || !(dest instanceof SocketChannel)) {
            dest.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            dest.writeAndFlush(Unpooled.EMPTY_BUFFER)
                    .addListener(f -> ((SocketChannel) dest).shutdownOutput());
        }
        connection.flowDone();
    }

    private void wakeAt(long at) {
        if (wakeup != null && !wakeup.isDone() && wakeupAt <= at) {
            return;
        }
        if (wakeup != null) {
            wakeup.cancel(false);
        }
        if (dest.eventLoop().isShuttingDown()) {
            // No timer would fire any more: nothing held will be written, so it is released now.
            abort();
            return;
        }
        wakeupAt = at;
        wakeup = dest.eventLoop().schedule(() -> {
            wakeup = null;
            pump();
        }, Math.max(0, at - connection.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** The source sent its end ({@code full} when it is closed, not only half-closed). */
    void sourceEnded(boolean full) {
        fullClose |= full;
        if (state == State.OPEN) {
            state = State.ENDING;
            pump();
        } else if (state == State.DONE && full && dest != null && dest.isActive()) {
            dest.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Drops everything held: the destination is gone or the connection is being torn down. */
    void abort() {
        boolean wasDone = state == State.DONE;
        state = State.DONE;
        if (wakeup != null) {
            wakeup.cancel(false);
        }
        while (!queue.isEmpty()) {
            queue.poll().buf.release();
        }
        heldBytes = 0;
        if (!wasDone) {
            connection.flowDone();
        }
    }

    void updateAutoRead() {
        if (source == null || !source.isActive()) {
            return;
        }
        // After the limit, the source is still read (and discarded) so that the close is a FIN, not a RST.
        boolean read = state == State.LIMIT_REACHED
                || state == State.OPEN && dest.isWritable() && heldBytes < maxHeldBytes;
        if (source.config().isAutoRead() != read) {
            source.config().setAutoRead(read);
        }
    }
}
