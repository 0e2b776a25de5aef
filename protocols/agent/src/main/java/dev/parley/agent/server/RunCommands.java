package dev.parley.agent.server;

import dev.parley.agent.fs.ExecChunk;
import dev.parley.agent.fs.ExecJob;
import dev.parley.agent.fs.ExecResult;
import dev.parley.agent.fs.ExecRunner;
import dev.parley.codec.text.ErrorCode;
import dev.parley.server.Call;
import dev.parley.server.Command;
import dev.parley.server.Reply;
import dev.parley.server.Router;
import dev.parley.server.Session;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.AttributeKey;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code run <program> [args...]} and {@code output}: a program whose output streams to the client while it runs,
 * standard output and standard error apart. {@code run} starts the program (one per session at a time) and answers
 * {@code OK running}; each {@code output} waits, without holding a thread, until output is there or the program has
 * ended, and answers {@code OK running {n}} while it runs or {@code OK <exit-code> [timed-out] [truncated] {n}} (the
 * line of {@code exec}) with the last of its output. The body is a sequence of records, {@code out {k}} or
 * {@code err {k}}, a LF, and k bytes. Memory is bounded: a reply holds at most {@link #MAX_BATCH} bytes of output,
 * and the program waits while {@link ExecJob#WINDOW} bytes are unread. See docs/PROTOCOL.md, "Running programs".
 */
final class RunCommands {

    /** Output bytes in one {@code output} reply at most (one record may exceed it up to a read's size). */
    static final int MAX_BATCH = 64 * 1024;
    /** Flag word of a reply sent while the program runs. */
    static final String RUNNING = "running";
    /** Bytes reserved for one record header ({@code "err {65536}\n"} is 12). */
    private static final int HEADER_ROOM = 16;

    private static final AttributeKey<ExecJob> JOB = AttributeKey.valueOf("parley.agent.run");

    private final ExecRunner runner;
    private final Duration timeout;

    RunCommands(ExecRunner runner, Duration timeout) {
        this.runner = runner;
        this.timeout = timeout;
    }

    void register(Router.Builder b) {
        b.add(Command.action("run").usage("<program> [args]...").arity(1, Integer.MAX_VALUE)
                .description("start an allowed program; read its output with 'output'").blocking()
                .handler(AgentRouter.guarded((call, cwd) -> {
                    ExecJob running = call.session().attr(JOB).get();
                    if (running != null && !running.isDone()) {
                        return Reply.error(ErrorCode.FAILED, "run: a program is running on this session; read its "
                                + "output to the end first");
                    }
                    List<String> args = call.args();
                    ExecJob job = runner.start(cwd, args.get(0), args.subList(1, args.size()));
                    call.session().attr(JOB).set(job);
                    AgentRouter.LOG.debug("AG031 run {} on session {}: started", args.get(0), call.session().id());
                    return Reply.ok(RUNNING);
                })));
        b.add(Command.action("output").usage("").arity(0, 0)
                .description("the output of the program 'run' started, as it comes; then its exit code")
                .timeout(timeout)
                .async(this::output));
    }

    private CompletableFuture<Reply> output(Call call) {
        Session session = call.session();
        ExecJob job = session.attr(JOB).get();
        if (job == null) {
            return CompletableFuture.completedFuture(Reply.error(ErrorCode.NOT_FOUND,
                    "output: no program was started on this session"));
        }
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        AtomicBoolean once = new AtomicBoolean();
        if (!job.whenReady(() -> {
            if (once.compareAndSet(false, true)) {
                reply.complete(batch(session, job));
            }
        })) {
            return CompletableFuture.completedFuture(Reply.error(ErrorCode.FAILED,
                    "output: already waiting for this program's output"));
        }
        return reply;
    }

    private static Reply batch(Session session, ExecJob job) {
        ExecJob.Batch batch = job.take(MAX_BATCH);
        ByteBuf body = records(batch.chunks());
        ExecResult result = batch.result();
        if (result == null) {
            return Reply.okWithBody(body, RUNNING);
        }
        session.attr(JOB).compareAndSet(job, null);
        AgentRouter.LOG.debug("AG032 run on session {}: exit {} after {} ms{}{}", session.id(), result.exitCode(),
                result.elapsed().toMillis(), result.timedOut() ? ", timed out" : "",
                result.truncated() ? ", truncated" : "");
        return Reply.okWithBody(body, ExecCommands.head(result));
    }

    /** Encodes chunks as records {@code out {k}\n} or {@code err {k}\n} and k bytes. */
    static ByteBuf records(List<ExecChunk> chunks) {
        int size = 0;
        for (ExecChunk c : chunks) {
            size += c.length() + (c.length() / ExecChunk.MAX_RECORD_LENGTH + 1) * HEADER_ROOM;
        }
        ByteBuf body = Unpooled.buffer(size);
        for (ExecChunk c : chunks) {
            byte[] bytes = c.bytes();
            for (int at = 0; at < bytes.length; at += ExecChunk.MAX_RECORD_LENGTH) {
                int k = Math.min(ExecChunk.MAX_RECORD_LENGTH, bytes.length - at);
                body.writeCharSequence(c.stream().word() + " {" + k + "}\n", StandardCharsets.US_ASCII);
                body.writeBytes(bytes, at, k);
            }
        }
        return body;
    }
}
