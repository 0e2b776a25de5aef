package dev.parley.server;

import dev.parley.codec.framing.BlockChunk;
import dev.parley.codec.spi.Failure;
import dev.parley.codec.spi.Request;
import io.netty.buffer.CompositeByteBuf;

/**
 * Where the chunks of the current request body go: gathered for an aggregating command, handed to a streaming
 * command's {@link BodyStream}, or discarded (a refused request's body, so that the stream stays in sync).
 * Event-loop confined; one per session.
 */
final class BodyIntake {

    private enum Mode {
        NONE, DISCARD, AGGREGATE, STREAM
    }

    private final ServerContext context;
    private final SessionHandler handler;
    private final ReplyQueue queue;
    private final Dispatcher dispatcher;
    private final boolean observed;
    private Mode mode = Mode.NONE;
    private Command command;
    private Request request;
    private CompositeByteBuf aggregate;
    private BodyStream stream;
    private long since;

    BodyIntake(ServerContext context, SessionHandler handler, ReplyQueue queue, Dispatcher dispatcher) {
        this.context = context;
        this.handler = handler;
        this.queue = queue;
        this.dispatcher = dispatcher;
        this.observed = context.observing() != null;
    }

    /** @return whether a body is being received */
    boolean inProgress() {
        return mode != Mode.NONE;
    }

    /** The body of the request just refused or answered without it is read and dropped. */
    void discard() {
        mode = Mode.DISCARD;
    }

    /** The body goes, chunk by chunk, to a streaming command's sink on the blocking executor. */
    void stream(Command command, Call call) {
        stream = new BodyStream(dispatcher, handler, queue, command, call, context.limits().maxPendingBodyBytes());
        mode = Mode.STREAM;
    }

    /** The body is gathered, then the command runs with it; {@code since} is when the request arrived. */
    void aggregate(Command command, Request request, long since) {
        this.command = command;
        this.request = request;
        this.since = since;
        aggregate = handler.alloc().compositeBuffer(Integer.MAX_VALUE);
        mode = Mode.AGGREGATE;
    }

    void chunk(BlockChunk chunk) {
        switch (mode) {
            case STREAM:
                stream.offer(chunk);
                if (chunk.isLast()) {
                    stream = null;
                    mode = Mode.NONE;
                }
                return;
            case AGGREGATE:
                aggregate.addComponent(true, chunk.content().retain());
                boolean last = chunk.isLast();
                boolean valid = chunk.trailerValid();
                chunk.release();
                if (last) {
                    complete(valid);
                }
                return;
            case DISCARD:
                if (chunk.isLast()) {
                    mode = Mode.NONE;
                }
                chunk.release();
                return;
            default:
                chunk.release();
        }
    }

    private void complete(boolean valid) {
        CompositeByteBuf body = aggregate;
        aggregate = null;
        mode = Mode.NONE;
        if (observed) {
            queue.answering(command.verb(), since);
        }
        try {
            if (valid) {
                dispatcher.invoke(command, request, body);
            } else {
                body.release();
                queue.reply(context.failure(Failure.BAD_REQUEST, "bad bytes after the body"));
            }
        } finally {
            if (observed) {
                queue.answeringDone();
            }
        }
        command = null;
        request = null;
    }

    /** The connection closed: abandons a body in progress. */
    void closed() {
        if (aggregate != null) {
            aggregate.release();
            aggregate = null;
        }
        if (stream != null) {
            stream.abort();
            stream = null;
        }
        mode = Mode.NONE;
    }
}
