package dev.parley.cli;

import com.google.gson.JsonObject;
import dev.parley.agent.client.AgentClient;
import dev.parley.agent.client.ExecOutput;
import dev.parley.agent.fs.FileEntry;
import dev.parley.agent.fs.HashAlgorithm;
import dev.parley.agent.fs.SandboxException;
import dev.parley.client.Request;
import dev.parley.client.Session;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code parley call --json}: sends one request and turns the reply into one typed object. The agent's {@code ls},
 * {@code stat}, {@code hash}, {@code exec}, {@code info} and {@code time} go through {@link AgentClient}, which
 * parses their replies; any other verb, or one of these with arguments of another shape, gives the generic
 * {@link JsonOutput#reply} object. Failures are thrown as the client or agent exceptions.
 */
final class CallJson {

    private CallJson() {
    }

    /**
     * Sends the request and returns its reply as an object.
     *
     * @param session the connected session
     * @param verb the verb
     * @param args its arguments
     * @param timeout the deadline of an exec, which the agent client would otherwise choose
     * @return the object to print
     */
    static JsonObject call(Session session, String verb, List<String> args, Duration timeout) {
        AgentClient agent = AgentClient.over(session);
        switch (verb) {
            case "ls":
                if (args.size() <= 1) {
                    String path = args.isEmpty() ? agent.cwd() : args.get(0);
                    List<FileEntry> entries = args.isEmpty() ? agent.ls() : agent.ls(path);
                    JsonObject ls = JsonOutput.ok(verb);
                    ls.addProperty("path", path);
                    ls.add("entries", JsonOutput.entries(entries));
                    return ls;
                }
                break;
            case "stat":
                if (args.size() == 1) {
                    JsonObject stat = JsonOutput.ok(verb);
                    stat.addProperty("path", args.get(0));
                    JsonOutput.entry(agent.stat(args.get(0))).entrySet()
                            .forEach(e -> stat.add(e.getKey(), e.getValue()));
                    return stat;
                }
                break;
            case "hash":
                HashAlgorithm algorithm = args.size() == 1 ? HashAlgorithm.DEFAULT
                        : args.size() == 2 ? algorithm(args.get(1)) : null;
                if (algorithm != null) {
                    JsonObject hash = JsonOutput.ok(verb);
                    hash.addProperty("path", args.get(0));
                    hash.addProperty("algorithm", algorithm.wireName());
                    // Sent here rather than by the agent client so that --timeout is the deadline, as without --json.
                    Request request = Main.agentRequest(verb, List.of(args.get(0), algorithm.wireName()));
                    hash.addProperty("hex", session.call(request).arg(0));
                    return hash;
                }
                break;
            case "exec":
                if (!args.isEmpty()) {
                    return exec(agent.exec(timeout, args.get(0), args.subList(1, args.size())));
                }
                break;
            case "info":
                if (args.isEmpty()) {
                    JsonObject info = JsonOutput.ok(verb);
                    info.add("info", JsonOutput.pairs(agent.info()));
                    return info;
                }
                break;
            case "time":
                if (args.isEmpty()) {
                    long millis = agent.time().toEpochMilli();
                    JsonObject time = JsonOutput.ok(verb);
                    time.addProperty("time", JsonOutput.instant(millis));
                    time.addProperty("epochMillis", millis);
                    return time;
                }
                break;
            default:
                break;
        }
        Request request = Main.agentRequest(verb, args);
        return JsonOutput.reply(verb, session.call(request));
    }

    private static JsonObject exec(ExecOutput result) {
        JsonObject exec = JsonOutput.ok("exec");
        exec.addProperty("exitCode", result.exitCode());
        exec.addProperty("timedOut", result.timedOut());
        exec.addProperty("truncated", result.truncated());
        JsonOutput.addBytes(exec, "output", result.output());
        return exec;
    }

    /** The algorithm named, or {@code null} to let the agent answer a name it does not know. */
    private static HashAlgorithm algorithm(String name) {
        try {
            return HashAlgorithm.parse(name.toLowerCase(Locale.ROOT));
        } catch (SandboxException unknown) {
            return null; // sent as is: the agent's ERR BAD_ARGS says what it offers
        }
    }
}
