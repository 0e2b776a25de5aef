package dev.parley.server;

import dev.parley.codec.text.ErrorCode;
import dev.parley.codec.text.ParleyRequest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs a routed request's handler where it belongs (event loop or blocking executor), enforces its time limit and
 * turns failures into {@code ERR INTERNAL <id>} with the stack trace logged under that id. Event-loop confined,
 * except for the tasks it hands to the executor.
 */
final class Dispatcher {

    private final ServerContext context;
    private final SessionHandler handler;
    private final ReplyQueue queue;
    private final EventLoop loop;
    private long failures;

    Dispatcher(ServerContext context, SessionHandler handler, ReplyQueue queue, EventLoop loop) {
        this.context = context;
        this.handler = handler;
        this.queue = queue;
        this.loop = loop;
    }

    /** Runs a command; {@code body} (aggregated, or null) is released once the reply is complete. */
    void invoke(Command command, ParleyRequest request, ByteBuf body) {
        Object h = command.handler();
        if (h instanceof ConstantReply && body == null && !command.isBlocking()) {
            queue.reply(((ConstantReply) h).reply());
            return;
        }
        Call call = new Call(request, handler.session(), body);
        if (command.isBlocking()) {
            runBlocking(command, call, body);
        } else if (command.mode() == Command.Mode.ASYNC) {
            runAsync(command, call, body);
        } else {
            Reply reply;
            try {
                reply = ((Handler) command.handler()).handle(call);
            } catch (Throwable t) {
                reply = internal(t, call);
            } finally {
                if (body != null) {
                    body.release();
                }
            }
            queue.reply(reply == null ? Reply.none() : reply);
        }
    }

    private void runAsync(Command command, Call call, ByteBuf body) {
        ReplyQueue.Slot slot = queue.reserve();
        slot.owned = body;
        CompletionStage<Reply> stage;
        try {
            stage = ((AsyncHandler) command.handler()).handle(call);
        } catch (Throwable t) {
            queue.complete(slot, internal(t, call));
            return;
        }
        if (stage == null) {
            queue.complete(slot, internal(new NullPointerException("handler returned no stage"), call));
            return;
        }
        CompletableFuture<Reply> future = stage.toCompletableFuture();
        if (future.isDone()) {
            completeFrom(slot, call, future.getNow(null), null);
            return;
        }
        slot.cancel = () -> future.cancel(false);
        armTimeout(slot, command, call);
        future.whenComplete((r, t) -> {
            if (loop.inEventLoop()) {
                completeFrom(slot, call, r, t);
            } else {
                loop.execute(() -> completeFrom(slot, call, r, t));
            }
        });
    }

    private void completeFrom(ReplyQueue.Slot slot, Call call, Reply reply, Throwable failure) {
        if (slot.done) {
            if (reply != null) {
                reply.release();
            }
            return;
        }
        if (failure != null) {
            queue.complete(slot, internal(unwrap(failure), call));
        } else {
            queue.complete(slot, reply == null ? Reply.none() : reply);
        }
    }

    private void runBlocking(Command command, Call call, ByteBuf body) {
        ReplyQueue.Slot slot = queue.reserve();
        slot.owned = body;
        FutureTask<Void> task = new FutureTask<>(() -> {
            Reply reply;
            if (context.draining()) {
                reply = Reply.error(ErrorCode.UNAVAILABLE, "the server is shutting down; not executed");
            } else {
                try {
                    reply = ((Handler) command.handler()).handle(call);
                } catch (Throwable t) {
                    reply = internal(t, call);
                }
            }
            Reply r = reply == null ? Reply.none() : reply;
            loop.execute(() -> queue.complete(slot, r));
            return null;
        });
        slot.cancel = () -> task.cancel(true);
        armTimeout(slot, command, call);
        submit(slot, task);
    }

    /** Hands a task to the blocking executor; a full executor answers {@code ERR BUSY}. */
    boolean submit(ReplyQueue.Slot slot, Runnable task) {
        try {
            context.blocking().execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            RunningServer.LOG.warn("PS031 blocking executor full or stopped on session {}: {}",
                    handler.session().id(), e.getMessage());
            queue.complete(slot, context.draining()
                    ? Reply.error(ErrorCode.UNAVAILABLE, "the server is shutting down; not executed")
                    : Reply.error(ErrorCode.BUSY, "too many blocking requests; not executed"));
            return false;
        }
    }

    void armTimeout(ReplyQueue.Slot slot, Command command, Call call) {
        Duration limit = command.timeout().isZero() && !command.streamsBody()
                ? context.limits().handlerTimeout() : command.timeout();
        if (limit.isZero()) {
            return;
        }
        slot.timer = loop.schedule(() -> {
            if (slot.done) {
                return;
            }
            RunningServer.LOG.warn("PS008 {} on session {} over its time limit of {}: ERR TIMEOUT", call.verb(),
                    call.session().id(), limit);
            Runnable cancel = slot.cancel;
            queue.complete(slot, Reply.error(ErrorCode.TIMEOUT, "over the time limit of " + limit.toMillis()
                    + " ms"));
            if (cancel != null) {
                cancel.run();
            }
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Logs a handler failure under a fresh id and returns the reply that names it. Any thread. */
    Reply internal(Throwable t, Call call) {
        String id;
        synchronized (this) {
            id = call.session().id() + '-' + (++failures);
        }
        RunningServer.LOG.error("PS007 ERR INTERNAL {}: {} failed on session {}", id, call.verb(),
                call.session().id(), t);
        return Reply.error(ErrorCode.INTERNAL, id);
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }

}
