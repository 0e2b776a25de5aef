package dev.parley.cli;

import com.google.gson.JsonObject;
import dev.parley.agent.client.AgentException;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyClientException;
import dev.parley.client.Reply;
import dev.parley.client.Request;
import dev.parley.client.Session;
import dev.parley.codec.text.ParleyText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code parley call HOST[:PORT] VERB [ARGS...]}: one request, the reply on stdout, the exit status says how it went.
 */
@Command(name = "call", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Send one request and print the reply.",
                "A reply body goes to stdout as is; other replies print their arguments. An ERR reply prints its "
                        + "code and message on stderr.",
                "With --json: one JSON object on stdout, the reply or the failure; ls, stat, hash, exec, info and "
                        + "time replies as typed fields."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:OK reply", "1:ERR reply (code and message on stderr)", "64:usage error",
                "69:cannot connect, or unavailable after retries", "75:timed out or connection lost",
                "76:protocol violation by the peer",
                "77:credentials refused (wrong token), not retried", "78:TLS certificate not trusted, not retried"})
final class CallCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Verbosity verbosity;

    @Mixin
    ClientFlags flags;

    @Mixin
    JsonFlag json;

    @Parameters(index = "0", paramLabel = "HOST[:PORT]", description = "The agent, e.g. localhost or 10.0.0.5:7777.")
    String target;

    @Parameters(index = "1", arity = "1..*", paramLabel = "VERB [ARGS...]", parameterConsumer = RemoteWords.class,
            description = {"The command and its arguments, e.g. ping, ls /logs, exec uname -a (quoted on the wire "
                    + "as needed).", "Everything from VERB on goes to the agent unchanged, options included: "
                    + "give parley's own options before VERB."})
    List<String> command = List.of();

    @Override
    public Integer call() throws IOException {
        verbosity.apply();
        HostPort hp = HostPort.parse(target, Main.DEFAULT_AGENT_PORT);
        Request request = Main.agentRequest(command.get(0), command.subList(1, command.size()));
        PrintWriter err = spec.commandLine().getErr();
        if (json.enabled()) {
            return callJson(hp, JsonOutput.stdout());
        }
        try (ParleyClient client = ParleyClient.create(1);
             Session session = client.connect(hp.address(), flags.options())) {
            Reply reply = session.call(request);
            if (reply.bodyLength() > 0 && !reply.args().isEmpty()) {
                err.println("OK " + String.join(" ", reply.args()));
                err.flush();
            }
            print(reply, System.out);
            return ExitStatus.OK;
        } catch (ParleyClientException e) {
            return Failures.report(err, e);
        }
    }

    private int callJson(HostPort hp, JsonOutput out) {
        String verb = command.get(0);
        try (ParleyClient client = ParleyClient.create(1);
             Session session = client.connect(hp.address(), flags.options())) {
            out.write(CallJson.call(session, verb, command.subList(1, command.size()), flags.timeout));
            return ExitStatus.OK;
        } catch (ParleyClientException | AgentException e) {
            JsonObject error = JsonOutput.error(e);
            out.write(error);
            return JsonOutput.exitStatus(error);
        }
    }

    static void print(Reply reply, OutputStream out) throws IOException {
        if (reply.bodyLength() > 0 || reply.args().isEmpty()) {
            out.write(reply.body());
        } else {
            StringBuilder sb = new StringBuilder();
            for (String a : reply.args()) {
                sb.append(sb.length() == 0 ? "" : " ").append(ParleyText.quote(a));
            }
            out.write(sb.append('\n').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        out.flush();
    }
}
