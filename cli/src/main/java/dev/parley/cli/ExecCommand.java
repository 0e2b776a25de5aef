package dev.parley.cli;

import dev.parley.agent.client.AgentClient;
import dev.parley.agent.client.ExecExit;
import dev.parley.agent.client.ExecRecords;
import dev.parley.agent.fs.ExecChunk;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyClientException;
import dev.parley.client.Progress;
import dev.parley.client.RemoteErrorException;
import dev.parley.client.Reply;
import dev.parley.client.Request;
import dev.parley.client.Session;
import dev.parley.codec.text.ErrorCode;
import dev.parley.codec.text.ParleyProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code parley exec HOST[:PORT] PROGRAM [ARGS...]}: runs an allowed program on the agent and exits with its exit
 * status, as ssh does: the program's standard output to stdout, its standard error to stderr, 124 when the agent
 * stopped it at its time limit. Parley's own failures print one line starting with {@code parley: } on stderr and
 * exit with the statuses of {@link ExitStatus}. Uses the agent's {@code run} and {@code output}, so output shows as
 * the program writes it; an agent without them (older) gets {@code exec}, whose combined output goes to stdout once
 * the program has ended. With {@code --json}, stdout carries JSON Lines instead: one
 * {@link JsonOutput#execOutput object per piece of output} as it arrives, then {@link JsonOutput#execExit the exit};
 * failures are {@link JsonOutput#error error objects}; the exit status is the same.
 */
@Command(name = "exec", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Run an allowed program on the agent and exit with its exit status (like ssh).",
                "The program's stdout goes to stdout and its stderr to stderr. Parley's own failures print a line "
                        + "starting with 'parley: ' on stderr.",
                "With --json, stdout carries one object per piece of output ({\"stream\":\"out\"|\"err\", "
                        + "\"text\" or \"base64\"}), then {\"ok\":true,\"exitCode\":N,\"timedOut\":...,"
                        + "\"truncated\":...}; a failure is one ok:false object."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"N:the program's exit status, passed through", "124:the agent stopped the program at its "
                + "time limit (parley agent --exec-timeout)",
                "1:ERR reply, e.g. exec not allowed (parley: ERR ... on stderr)", "64:usage error",
                "69:cannot connect, or unavailable after retries", "75:timed out or connection lost",
                "76:protocol violation by the peer", "77:credentials refused (wrong token), not retried",
                "78:TLS certificate not trusted, not retried"})
final class ExecCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Verbosity verbosity;

    @Mixin
    ClientFlags flags;

    @Mixin
    JsonFlag json;

    /** Where JSON Lines go with {@code --json}, else {@code null}. */
    private JsonOutput jsonOut;

    @Parameters(index = "0", paramLabel = "HOST[:PORT]", description = "The agent, e.g. localhost or 10.0.0.5:7777.")
    String target;

    @Parameters(index = "1", arity = "1..*", paramLabel = "PROGRAM [ARGS...]", parameterConsumer = RemoteWords.class,
            description = {"The program (allowed by the agent's --allow-exec) and its arguments, passed without a "
                    + "shell.", "Everything from PROGRAM on goes to the agent unchanged, options included: give "
                    + "parley's own options before HOST."})
    List<String> command = List.of();

    @Override
    public Integer call() throws IOException {
        verbosity.apply();
        HostPort hp = HostPort.parse(target, Main.DEFAULT_AGENT_PORT);
        PrintWriter err = spec.commandLine().getErr();
        boolean timeoutGiven = spec.commandLine().getParseResult().hasMatchedOption("--timeout");
        Duration timeout = timeoutGiven ? flags.timeout : AgentClient.DEFAULT_EXEC_TIMEOUT;
        jsonOut = json.enabled() ? JsonOutput.stdout() : null;
        try (ParleyClient client = ParleyClient.create(1);
             Session session = client.connect(hp.address(), flags.options())) {
            return run(session, timeout);
        } catch (ParleyClientException e) {
            if (jsonOut != null) {
                jsonOut.write(JsonOutput.error(e));
                return Failures.exitStatus(e);
            }
            return report(err, e);
        }
    }

    private int run(Session session, Duration timeout) throws IOException {
        PrintStream out = System.out;
        PrintStream errOut = System.err;
        ExecRecords records = new ExecRecords((stream, bytes) -> {
            if (jsonOut != null) {
                jsonOut.write(JsonOutput.execOutput(stream == ExecChunk.Stream.ERR, ByteBufUtil.getBytes(bytes)));
            } else {
                copy(bytes, stream == ExecChunk.Stream.ERR ? errOut : out);
            }
        });
        try {
            session.call(Main.agentRequest("run", command));
        } catch (RemoteErrorException e) {
            if (!ErrorCode.UNKNOWN_COMMAND.equals(e.errorCode())) {
                throw e;
            }
            return execWhole(session, timeout, out);
        }
        Request output = Main.agentRequest("output", List.of()).withTimeout(timeout);
        try {
            for (;;) {
                ExecExit exit = records.end(join(session.send(output, records)));
                if (exit != null) {
                    return status(exit);
                }
            }
        } catch (ParleyProtocolException e) {
            return protocolViolation(e);
        }
    }

    private int execWhole(Session session, Duration timeout, PrintStream out) throws IOException {
        // An agent from before 'run': its exec merges stderr into stdout.
        Reply reply = session.call(Main.agentRequest("exec", command).withTimeout(timeout));
        if (jsonOut != null) {
            if (reply.bodyLength() > 0) {
                jsonOut.write(JsonOutput.execOutput(false, reply.body()));
            }
        } else {
            out.write(reply.body(), 0, reply.bodyLength());
            out.flush();
        }
        try {
            return status(ExecExit.of(reply));
        } catch (ParleyProtocolException e) {
            return protocolViolation(e);
        }
    }

    private int status(ExecExit exit) {
        if (jsonOut != null) {
            jsonOut.write(JsonOutput.execExit(exit));
        } else if (exit.truncated()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("parley: note: output truncated: the program wrote more than the agent keeps "
                    + "(parley agent --exec-output-limit)");
            err.flush();
        }
        return exit.status();
    }

    private int protocolViolation(ParleyProtocolException e) {
        if (jsonOut != null) {
            jsonOut.write(JsonOutput.error(ParleyClientException.PROTOCOL, e.getMessage(), false, Progress.UNKNOWN,
                    ExitStatus.PROTOCOL));
            return ExitStatus.PROTOCOL;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("parley: protocol violation: " + e.getMessage());
        err.flush();
        return ExitStatus.PROTOCOL;
    }

    private static Reply join(CompletableFuture<Reply> call) {
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            ParleyClientException c = Failures.clientException(e);
            if (c != null) {
                throw c;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Prints a failure as one line starting with {@code parley: }, a remote error included. */
    private static int report(PrintWriter err, ParleyClientException e) {
        if (e instanceof RemoteErrorException) {
            RemoteErrorException r = (RemoteErrorException) e;
            err.println("parley: ERR " + r.errorCode().name()
                    + (r.remoteMessage().isEmpty() ? "" : " " + r.remoteMessage()));
            err.flush();
            return Failures.exitStatus(e);
        }
        return Failures.report(err, e);
    }

    private static void copy(ByteBuf bytes, PrintStream to) throws IOException {
        bytes.getBytes(bytes.readerIndex(), to, bytes.readableBytes());
        to.flush();
    }
}
