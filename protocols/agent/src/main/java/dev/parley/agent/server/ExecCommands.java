package dev.parley.agent.server;

import dev.parley.agent.fs.ExecResult;
import dev.parley.agent.fs.ExecRunner;
import dev.parley.server.Command;
import dev.parley.server.Reply;
import dev.parley.server.Router;
import io.netty.buffer.Unpooled;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code exec <program> [args...]}: runs an allowed program (never through a shell) in the session's working
 * directory, on the blocking executor, within the policy's time limit and output cap. Answers
 * {@code OK <exit-code> [timed-out] [truncated] {n}} and the combined output; the flags say that the program was
 * killed at the time limit and that output beyond the cap was dropped. Exec is off ({@code ERR DENIED}) unless the
 * agent was started with an allow-list.
 *
 * <p>{@code run <program> [args...]} runs it the same way with standard output and standard error kept apart, and
 * answers the same line with a body of records: {@code out {k}} or {@code err {k}}, a LF and k
 * bytes, in the order the agent read them. The cap counts the program's bytes of both streams together.
 */
final class ExecCommands {

    /** Flag word of a run killed at its time limit. */
    static final String TIMED_OUT = "timed-out";
    /** Flag word of a run whose output went over the cap. */
    static final String TRUNCATED = "truncated";

    /** Time the server gives an exec beyond the policy's limit: the runner's kill grace plus scheduling slack. */
    private static final Duration SLACK = Duration.ofSeconds(5);

    private final ExecRunner runner;

    ExecCommands(ExecRunner runner) {
        this.runner = runner;
    }

    void register(Router.Builder b) {
        b.add(Command.action("exec").usage("<program> [args]...").arity(1, Integer.MAX_VALUE)
                .description("run an allowed program: exit code and combined output").blocking()
                .timeout(runner.policy().timeLimit().plus(SLACK))
                .handler(AgentRouter.guarded((call, cwd) -> {
                    List<String> args = call.args();
                    ExecResult result = runner.run(cwd, args.get(0), args.subList(1, args.size()));
                    AgentRouter.LOG.debug("AG030 exec {} on session {}: exit {} after {} ms{}{}", args.get(0),
                            call.session().id(), result.exitCode(), result.elapsed().toMillis(),
                            result.timedOut() ? ", timed out" : "", result.truncated() ? ", truncated" : "");
                    return Reply.okWithBody(Unpooled.wrappedBuffer(result.output()), head(result));
                })));
        new RunCommands(runner, runner.policy().timeLimit().plus(SLACK)).register(b);
    }

    static String[] head(ExecResult result) {
        List<String> head = new ArrayList<>(3);
        head.add(Integer.toString(result.exitCode()));
        if (result.timedOut()) {
            head.add(TIMED_OUT);
        }
        if (result.truncated()) {
            head.add(TRUNCATED);
        }
        return head.toArray(new String[0]);
    }
}
