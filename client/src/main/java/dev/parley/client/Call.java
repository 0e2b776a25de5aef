package dev.parley.client;

import dev.parley.client.spi.BodyTarget;
import io.netty.buffer.ByteBuf;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One request's life in a session: its deadline, attempts and furthest progress, and the body of its reply as it
 * arrives. Used on the session's event loop only; the same object is queued again for a retry.
 */
final class Call implements BodyTarget {

    final long id;
    final Request request;
    final BodySink sink;
    /** Completed with the reply, or with what {@link #mapper} makes of it. */
    final CompletableFuture<Object> future = new CompletableFuture<>();
    /** Turns the reply into the call's result on the event loop; null for the reply itself. */
    final Function<? super Reply, ?> mapper;
    final long deadline;
    /** Setup and keepalive requests: never retried, never counted in the budget. */
    final boolean internal;

    int attempts;
    Progress progress = Progress.NOT_SENT;
    long attemptDeadline;
    long readyAt;
    int maxAggregated;
    StreamControl control;
    /** The next (older) call on the session's hand-over stack, while this one is on it. */
    Call nextSubmitted;

    private byte[] aggregate;
    private int aggregated;
    private long bodyTotal;
    private long received;
    boolean overflow;
    boolean streamed;

    Call(long id, Request request, BodySink sink, long deadline, boolean internal) {
        this(id, request, sink, null, deadline, internal);
    }

    Call(long id, Request request, BodySink sink, Function<? super Reply, ?> mapper, long deadline, boolean internal) {
        this.id = id;
        this.mapper = mapper;
        this.request = request;
        this.sink = sink;
        this.deadline = deadline;
        this.internal = internal;
    }

    /** The future of a call made without a mapper, whose result is the reply. */
    @SuppressWarnings("unchecked")
    CompletableFuture<Reply> replyFuture() {
        return (CompletableFuture<Reply>) (CompletableFuture<?>) future;
    }

    @Override
    public Request request() {
        return request;
    }

    boolean isDone() {
        return future.isDone();
    }

    void noteProgress(Progress p) {
        progress = progress.furthest(p);
    }

    /** Forgets the body of a previous attempt. */
    void resetBody() {
        aggregate = null;
        aggregated = 0;
        received = 0;
        bodyTotal = -1;
        overflow = false;
    }

    @Override
    public void begin(Reply head, long length) throws Exception {
        bodyTotal = length;
        if (sink != null) {
            try {
                sink.onStart(head, length, control);
            } catch (Exception e) {
                throw new Connection.SinkFailure(e);
            }
        } else if (length > maxAggregated) {
            overflow = true;
        } else if (length >= 0) {
            aggregate = new byte[(int) length];
        }
    }

    @Override
    public void chunk(ByteBuf chunk) throws Exception {
        int n = chunk.readableBytes();
        received += n;
        ProgressListener listener = request.progressListener();
        if (listener != null && n > 0) {
            listener.onBytesReceived(received, bodyTotal);
        }
        if (sink != null) {
            streamed = true;
            try {
                sink.onChunk(chunk);
            } catch (Exception e) {
                throw new Connection.SinkFailure(e);
            }
            return;
        }
        if (overflow) {
            return;
        }
        if (aggregate == null || aggregated + n > aggregate.length) {
            if ((long) aggregated + n > maxAggregated) {
                overflow = true;
                aggregate = null;
                return;
            }
            byte[] grown = new byte[Math.max(aggregated + n, aggregate == null ? 256 : aggregate.length * 2)];
            if (aggregate != null) {
                System.arraycopy(aggregate, 0, grown, 0, aggregated);
            }
            aggregate = grown;
        }
        chunk.getBytes(chunk.readerIndex(), aggregate, aggregated, n);
        aggregated += n;
    }

    /** @return the aggregated body, or {@code null} when there was none */
    byte[] body() {
        if (aggregate == null) {
            return null;
        }
        if (aggregate.length == aggregated) {
            return aggregate;
        }
        byte[] exact = new byte[aggregated];
        System.arraycopy(aggregate, 0, exact, 0, aggregated);
        return exact;
    }

    @Override
    public String toString() {
        return "#" + id + ' ' + request;
    }
}
