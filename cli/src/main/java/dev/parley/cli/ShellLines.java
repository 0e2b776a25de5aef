package dev.parley.cli;

import dev.parley.agent.client.AgentClient;
import dev.parley.agent.client.AgentException;
import dev.parley.agent.client.TransferIntegrityException;
import dev.parley.client.ParleyClientException;
import dev.parley.client.Progress;
import dev.parley.client.RemoteErrorException;
import dev.parley.client.Reply;
import dev.parley.client.Session;
import dev.parley.codec.text.MalformedLineException;
import dev.parley.codec.text.ParleyText;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Runs the lines typed in {@code parley shell}: {@code put} and {@code get} here, {@code quit} and {@code exit}
 * end the shell, every other line goes to the agent as a request. Replies, summaries and errors go to a
 * {@link ShellOutput}; an error never ends the shell. After each line, {@code afterLine} runs (the completion cache
 * is dropped there, since the line may have changed files or the working directory).
 */
final class ShellLines {

    /** The shell's own commands, printed after the agent's {@code help}. */
    static final List<String> OWN_HELP = List.of(
            "shell: put LOCAL [REMOTE]   copy a local file to the agent (atomic, SHA-256 verified)",
            "shell: get REMOTE [LOCAL]   copy a file from the agent (atomic, length checked)",
            "shell: quit                 leave the shell (or Ctrl-D)");

    private final Session session;
    private final ShellTransfers transfers;
    private final ShellOutput out;
    private final Runnable afterLine;

    /**
     * Creates the runner.
     *
     * @param session the shell's session
     * @param transferTimeout the deadline of each {@code put} and {@code get}
     * @param local how local paths resolve
     * @param out where to print
     * @param afterLine what to run after each line
     */
    ShellLines(Session session, Duration transferTimeout, LocalPaths local, ShellOutput out, Runnable afterLine) {
        this.session = session;
        this.transfers = new ShellTransfers(AgentClient.over(session), transferTimeout, local);
        this.out = out;
        this.afterLine = afterLine;
    }

    /**
     * Runs one typed line.
     *
     * @param line the line, not blank
     * @return false when the shell should end
     */
    boolean run(String line) {
        try {
            return dispatch(line);
        } finally {
            afterLine.run();
        }
    }

    private boolean dispatch(String line) {
        List<String> tokens;
        ByteBuf buf = Unpooled.copiedBuffer(line, StandardCharsets.UTF_8);
        try {
            tokens = ParleyText.tokenize(buf);
        } catch (MalformedLineException e) {
            out.error("error: " + e.getMessage());
            return true;
        } finally {
            buf.release();
        }
        if (tokens.isEmpty()) {
            return true;
        }
        String verb = tokens.get(0).toLowerCase(Locale.ROOT);
        List<String> args = tokens.subList(1, tokens.size());
        if (verb.equals("quit") || verb.equals("exit")) {
            return false;
        }
        if (verb.equals("put") || verb.equals("get")) {
            copy(verb, args);
            return true;
        }
        try {
            Reply reply = session.call(Main.agentRequest(tokens.get(0), args));
            StringBuilder sb = new StringBuilder("OK");
            for (String a : reply.args()) {
                sb.append(' ').append(ParleyText.quote(a));
            }
            out.ok(sb.toString());
            if (reply.bodyLength() > 0) {
                out.body(reply.bodyAsString());
            }
            if (verb.equals("help") && args.isEmpty()) {
                out.body(String.join("\n", OWN_HELP));
            }
        } catch (RemoteErrorException e) {
            out.remoteError(errLine(e));
        } catch (IllegalArgumentException e) {
            out.error("error: " + e.getMessage());
        } catch (ParleyClientException e) {
            out.error(failedLine(e.getMessage(), e.progress()));
        }
        return true;
    }

    private void copy(String verb, List<String> args) {
        try {
            out.ok(verb.equals("put") ? transfers.put(args) : transfers.get(args));
        } catch (IllegalArgumentException e) {
            out.error("error: " + e.getMessage());
        } catch (IOException e) {
            out.error("error: " + verb + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (TransferIntegrityException e) {
            out.error("failed: " + e.getMessage());
        } catch (AgentException e) {
            if (e.getCause() instanceof RemoteErrorException) {
                out.remoteError(errLine((RemoteErrorException) e.getCause()));
            } else {
                out.error(failedLine(e.getMessage(), e.progress()));
            }
        }
    }

    private static String errLine(RemoteErrorException e) {
        return "ERR " + e.errorCode().name() + (e.remoteMessage().isEmpty() ? "" : " " + e.remoteMessage());
    }

    private static String failedLine(String message, Progress progress) {
        return "failed: " + message + " (request " + progress.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + ")";
    }
}
