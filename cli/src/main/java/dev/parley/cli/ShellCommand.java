package dev.parley.cli;

import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyClientException;
import dev.parley.client.RemoteErrorException;
import dev.parley.client.Reply;
import dev.parley.client.Request;
import dev.parley.client.Session;
import dev.parley.client.SessionListener;
import dev.parley.codec.text.MalformedLineException;
import dev.parley.codec.text.ParleyText;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code parley shell HOST[:PORT]}: an interactive session with history, tab completion of the verbs the server
 * lists in {@code help}, ERR codes shown plainly, and a note whenever the session reconnects.
 */
@Command(name = "shell", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Interactive session with an agent: history, tab completion of verbs, visible reconnects.",
                "Type 'help' for the agent's commands and 'quit' (or Ctrl-D) to leave."})
final class ShellCommand implements Callable<Integer> {

    @Mixin
    Verbosity verbosity;

    @Mixin
    ClientFlags flags;

    @Parameters(index = "0", paramLabel = "HOST[:PORT]", description = "The agent, e.g. localhost or 10.0.0.5:7777.")
    String target;

    private volatile LineReader reader;

    @Override
    public Integer call() throws IOException {
        verbosity.apply();
        if (verbosity.level() == 0) {
            // The shell shows connection trouble as notes between prompts; log lines would only clutter it.
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("parley.client"))
                    .setLevel(ch.qos.logback.classic.Level.ERROR);
        }
        HostPort hp = HostPort.parse(target, Main.DEFAULT_AGENT_PORT);
        SessionListener notes = new SessionListener() {
            @Override
            public void onConnected(SocketAddress remote, int connectionNumber) {
                if (connectionNumber > 1) {
                    note("(reconnected to " + hp.host() + ":" + hp.port() + ", connection #" + connectionNumber + ")");
                }
            }

            @Override
            public void onDisconnected(ParleyClientException cause) {
                note("(connection lost: " + cause.getMessage() + "; reconnecting when needed)");
            }
        };
        try (Terminal terminal = TerminalBuilder.builder().system(true).build();
             ParleyClient client = ParleyClient.create(1);
             Session session = client.connect(hp.address(), flags.options().toBuilder().listener(notes).build())) {
            List<String> verbs = verbs(session);
            reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("parley")
                    .completer(new StringsCompleter(verbs))
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".parley_history"))
                    .build();
            String prompt = hp.host() + ":" + hp.port() + "> ";
            while (true) {
                String line;
                try {
                    line = reader.readLine(prompt);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    return ExitStatus.OK;
                }
                if (line.isBlank()) {
                    continue;
                }
                if (!runLine(session, line.strip(), terminal)) {
                    return ExitStatus.OK;
                }
            }
        } catch (ParleyClientException e) {
            return Failures.report(new java.io.PrintWriter(System.err, true), e);
        }
    }

    /** Runs one typed line; returns false when the session should end. */
    private boolean runLine(Session session, String line, Terminal terminal) {
        List<String> tokens;
        ByteBuf buf = Unpooled.copiedBuffer(line, StandardCharsets.UTF_8);
        try {
            tokens = ParleyText.tokenize(buf);
        } catch (MalformedLineException e) {
            print(terminal, styled("error: " + e.getMessage(), AttributedStyle.RED));
            return true;
        } finally {
            buf.release();
        }
        String verb = tokens.get(0);
        List<String> args = tokens.subList(1, tokens.size());
        if (verb.equalsIgnoreCase("quit") || verb.equalsIgnoreCase("exit")) {
            return false;
        }
        try {
            Reply reply = session.call(Main.agentRequest(verb, args));
            StringBuilder sb = new StringBuilder("OK");
            for (String a : reply.args()) {
                sb.append(' ').append(ParleyText.quote(a));
            }
            print(terminal, styled(sb.toString(), AttributedStyle.GREEN));
            if (reply.bodyLength() > 0) {
                String body = reply.bodyAsString();
                terminal.writer().print(body.endsWith("\n") ? body : body + "\n");
                terminal.writer().flush();
            }
        } catch (RemoteErrorException e) {
            print(terminal, new AttributedString("ERR " + e.errorCode().name()
                    + (e.remoteMessage().isEmpty() ? "" : " " + e.remoteMessage()),
                    AttributedStyle.BOLD.foreground(AttributedStyle.RED)));
        } catch (IllegalArgumentException e) {
            print(terminal, styled("error: " + e.getMessage(), AttributedStyle.RED));
        } catch (ParleyClientException e) {
            print(terminal, styled("failed: " + e.getMessage() + " (request "
                    + e.progress().name().toLowerCase().replace('_', ' ') + ")", AttributedStyle.RED));
        }
        return true;
    }

    private static AttributedString styled(String text, int color) {
        return new AttributedString(text, AttributedStyle.DEFAULT.foreground(color));
    }

    private static void print(Terminal terminal, AttributedString text) {
        terminal.writer().println(text.toAnsi(terminal));
        terminal.writer().flush();
    }

    private void note(String text) {
        LineReader r = reader;
        AttributedString s = new AttributedString(text, AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW));
        if (r != null && r.isReading()) {
            r.printAbove(s);
        } else if (r != null) {
            r.getTerminal().writer().println(s.toAnsi(r.getTerminal()));
            r.getTerminal().writer().flush();
        } else {
            System.err.println(text);
        }
    }

    /** The verbs the server lists in {@code help}, for completion; built-ins if help fails. */
    private static List<String> verbs(Session session) {
        List<String> verbs = new ArrayList<>(List.of("help", "quit", "ping"));
        try {
            Reply help = session.call(Request.query("help"));
            for (String line : help.bodyAsString().split("\n")) {
                String[] words = line.trim().split("\\s+");
                if (words.length == 0 || words[0].isEmpty()) {
                    continue;
                }
                String verb = words.length > 1 && isKind(words[0]) ? words[1] : words[0];
                if (!verbs.contains(verb)) {
                    verbs.add(verb);
                }
            }
        } catch (ParleyClientException e) {
            // Completion still offers the built-ins; the first real command will show what is wrong.
            org.slf4j.LoggerFactory.getLogger("parley.cli").debug("CLI001 help failed: {}", e.getMessage());
        }
        return verbs;
    }

    private static boolean isKind(String word) {
        return word.equals("query") || word.equals("action") || word.equals("idempotent-action")
                || word.equals("idempotent");
    }
}
