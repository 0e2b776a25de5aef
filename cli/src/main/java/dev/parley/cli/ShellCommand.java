package dev.parley.cli;

import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyClientException;
import dev.parley.client.Reply;
import dev.parley.client.Request;
import dev.parley.client.Session;
import dev.parley.client.SessionListener;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code parley shell HOST[:PORT]}: an interactive session with history, tab completion of the verbs the server
 * lists in {@code help} and of remote and local paths ({@link ShellCompleter}), {@code put} and {@code get} of
 * local files ({@link ShellTransfers}), ERR codes shown plainly, and a note whenever the session reconnects.
 */
@Command(name = "shell", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Interactive session with an agent: history, tab completion of verbs and paths, "
                + "visible reconnects.",
                "put LOCAL [REMOTE] and get REMOTE [LOCAL] copy one file each way, atomically and SHA-256 verified "
                + "as push and pull do; relative remote paths are in the session's working directory.",
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
        ClientOptions options = flags.options();
        try (Terminal terminal = TerminalBuilder.builder().system(true).build();
             ParleyClient client = ParleyClient.create(1);
             Session session = client.connect(hp.address(), options.toBuilder().listener(notes).build())) {
            List<String> verbs = verbs(session);
            RemotePaths remotePaths = RemotePaths.over(session);
            ShellLines lines = new ShellLines(session, options.timeouts().requestTimeout(), LocalPaths.ofProcess(),
                    terminalOutput(terminal), remotePaths::forget);
            reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("parley")
                    .parser(new ShellParser())
                    .completer(new ShellCompleter(verbs, remotePaths))
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
                if (!lines.run(line.strip())) {
                    return ExitStatus.OK;
                }
            }
        } catch (ParleyClientException e) {
            return Failures.report(new java.io.PrintWriter(System.err, true), e);
        }
    }

    /** Prints to the terminal: replies in green, the agent's errors in bold red, other errors in red. */
    private static ShellOutput terminalOutput(Terminal terminal) {
        return new ShellOutput() {
            @Override
            public void ok(String line) {
                print(terminal, styled(line, AttributedStyle.GREEN));
            }

            @Override
            public void body(String text) {
                terminal.writer().print(text.endsWith("\n") ? text : text + "\n");
                terminal.writer().flush();
            }

            @Override
            public void remoteError(String line) {
                print(terminal, new AttributedString(line, AttributedStyle.BOLD.foreground(AttributedStyle.RED)));
            }

            @Override
            public void error(String line) {
                print(terminal, styled(line, AttributedStyle.RED));
            }
        };
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
        List<String> verbs = new ArrayList<>(List.of("help", "quit", "ping", "put", "get"));
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
