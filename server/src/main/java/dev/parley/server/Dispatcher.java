package dev.parley.server;

import dev.parley.codec.spi.Failure;
import dev.parley.codec.spi.Request;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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

    /**
     * Runs a command; {@code body} (aggregated, or null) is released once the handler is done with it: after a
     * synchronous or blocking handler returns, when an async handler's stage completes.
     */
    void invoke(Command command, Request request, ByteBuf body) {
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

    /**
     * Runs an async handler. Its body stays valid until the stage it returned completes, whatever happens to the
     * reply meanwhile: a timeout or a closed connection answers (or drops) the reply but leaves the stage, and the
     * work reading the body, alone.
     */
    private void runAsync(Command command, Call call, ByteBuf body) {
        ReplyQueue.Slot slot = queue.reserve();
        CompletionStage<Reply> stage;
        try {
            stage = ((AsyncHandler) command.handler()).handle(call);
        } catch (Throwable t) {
            release(body);
            queue.complete(slot, internal(t, call));
            return;
        }
        if (stage == null) {
            release(body);
            queue.complete(slot, internal(new NullPointerException("handler returned no stage"), call));
            return;
        }
        CompletableFuture<Reply> future = stage.toCompletableFuture();
        if (!future.isDone()) {
            armTimeout(slot, command, call);
        }
        future.whenComplete((r, t) -> {
            try {
                if (loop.inEventLoop()) {
                    completeFrom(slot, call, r, t);
                } else {
                    loop.execute(() -> completeFrom(slot, call, r, t));
                }
            } finally {
                release(body);
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

    /**
     * Runs a blocking handler on the executor. The body is released exactly once by whoever holds it last: the task
     * in a {@code finally} once the handler returns, or the cancellation (timeout, closed connection, full executor)
     * when the task had not started yet, in which case it never calls the handler.
     */
    private void runBlocking(Command command, Call call, ByteBuf body) {
        ReplyQueue.Slot slot = queue.reserve();
        AtomicBoolean taken = new AtomicBoolean();
        FutureTask<Void> task = new FutureTask<>(() -> {
            if (!taken.compareAndSet(false, true)) {
                return null;
            }
            Reply reply;
            try {
                if (context.draining()) {
                    reply = context.failure(Failure.SHUTTING_DOWN, "the server is shutting down; not executed");
                } else {
                    reply = ((Handler) command.handler()).handle(call);
                }
            } catch (Throwable t) {
                reply = internal(t, call);
            } finally {
                release(body);
            }
            Reply r = reply == null ? Reply.none() : reply;
            loop.execute(() -> queue.complete(slot, r));
            return null;
        });
        slot.cancel = () -> {
            task.cancel(true);
            if (taken.compareAndSet(false, true)) {
                release(body);
            }
        };
        armTimeout(slot, command, call);
        if (!submit(slot, task) && taken.compareAndSet(false, true)) {
            release(body);
        }
    }

    private static void release(ByteBuf body) {
        if (body != null) {
            body.release();
        }
    }

    /** Hands a task to the blocking executor; a full executor answers {@code ERR BUSY}. */
    boolean submit(ReplyQueue.Slot slot, Runnable task) {
        try {
            context.blocking().execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            handler.log().warn("PS031", "", "PS031 blocking executor full or stopped on session {}: {}",
                    handler.session().id(), e.getMessage());
            queue.complete(slot, context.draining()
                    ? context.failure(Failure.SHUTTING_DOWN, "the server is shutting down; not executed")
                    : context.failure(Failure.BUSY, "too many blocking requests; not executed"));
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
            handler.log().warn("PS008", call.verb(), "PS008 {} on session {} over its time limit of {}: ERR TIMEOUT",
                    call.verb(), call.session().id(), limit);
            Runnable cancel = slot.cancel;
            queue.complete(slot, context.failure(Failure.TIMEOUT, "over the time limit of " + limit.toMillis()
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
        handler.log().error("PS007", call.verb() + ' ' + t.getClass().getName(),
                "PS007 ERR INTERNAL {}: {} failed on session {}", id, call.verb(), call.session().id(), t);
        return context.failure(Failure.INTERNAL, id);
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }

}
