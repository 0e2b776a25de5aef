package dev.parley.cli;

import dev.parley.agent.client.AgentClient;
import dev.parley.agent.client.AgentNotFoundException;
import dev.parley.agent.client.TransferResult;
import dev.parley.agent.fs.EntryType;
import dev.parley.agent.fs.FileEntry;
import dev.parley.agent.fs.FileMode;
import dev.parley.client.Progress;
import dev.parley.client.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code parley push [-r] LOCAL... HOST[:PORT]:REMOTE}: uploads files, and directories with {@code -r}; the agent
 * stores each file atomically and both sides' SHA-256 must match. Files already identical at the agent are skipped.
 */
@Command(name = "push", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Upload files (and directories with -r) to an agent. The agent stores each file atomically "
                + "(never a partial file) and the SHA-256 it computed must match the local one.",
                "REMOTE is a directory to copy into when it exists as one, ends with / or several LOCALs are given; "
                + "else the one LOCAL is copied as REMOTE. Files the agent already holds with the same size and "
                + "SHA-256 are skipped, so a re-run sends only what is missing or different. Symbolic links inside "
                + "a directory are skipped with a warning; a link named as LOCAL is followed.",
                "Prints a summary on stderr; shows one progress bar with rate and ETA on a terminal. With --json, "
                + "stdout gets a record per file as it is done, then the summary."},
        exitCodeListHeading = "%nExit status (of the first file that failed; the others are on stderr too):%n",
        exitCodeList = {"0:every file stored and verified (or already identical)", "1:ERR reply",
                "64:usage error (e.g. a directory without -r)", "69:cannot connect",
                "74:local file unreadable", "75:timed out or connection lost", "76:protocol violation or hash mismatch",
                "77:credentials refused (wrong token), not retried", "78:TLS certificate not trusted, not retried"})
final class PushCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Verbosity verbosity;

    @Mixin
    ClientFlags flags;

    @Mixin
    JsonFlag json;

    @Option(names = {"-r", "--recursive"}, description = "Copy directories with everything in them.")
    boolean recursive;

    @Parameters(arity = "2..*", hideParamSyntax = true, paramLabel = "LOCAL... HOST[:PORT]:REMOTE",
            description = "The files or directories, then where to store them, e.g. localhost:/builds/ "
                    + "(a trailing / keeps the names).")
    List<String> words;

    @Override
    public Integer call() {
        verbosity.apply();
        PrintWriter err = spec.commandLine().getErr();
        HostPort hp = HostPort.parseWithPath(words.get(words.size() - 1), Main.DEFAULT_AGENT_PORT);
        List<Path> sources = new ArrayList<>();
        for (String word : words.subList(0, words.size() - 1)) {
            Path source = Path.of(word);
            if (Files.isDirectory(source) && !recursive) {
                String message = word + ": is a directory (use -r)";
                err.println("parley: " + message);
                err.flush();
                if (json.enabled()) {
                    JsonOutput.stdout().write(JsonOutput.error("USAGE", message, false, Progress.NOT_SENT,
                            ExitStatus.USAGE));
                }
                return ExitStatus.USAGE;
            }
            sources.add(source);
        }
        return TransferCommand.run(hp, flags, new Push(sources, hp.path()), json.enabled() ? JsonOutput.stdout()
                : null, err);
    }

    /** Uploads: plans from a local walk, compares with {@code stat} and {@code hash} at the agent. */
    private static final class Push implements TransferCommand.Side {

        private final List<Path> sources;
        private final String remote;

        Push(List<Path> sources, String remote) {
            this.sources = sources;
            this.remote = remote;
        }

        @Override
        public String verb() {
            return "push";
        }

        @Override
        public List<TreeItem> plan(AgentClient agent, Tally tally, PrintWriter err) {
            FileEntry target = stat(agent, remote);
            boolean into = target != null && target.type() == EntryType.DIRECTORY;
            if (!into && (sources.size() > 1 || remote.endsWith("/"))) {
                if (target != null) {
                    tally.usage(err, remote + ": not a directory");
                    return List.of();
                }
                into = true;
            }
            List<TreeItem> items = new ArrayList<>();
            for (Path source : sources) {
                Path name = source.toAbsolutePath().normalize().getFileName();
                if (into && name == null) {
                    tally.usage(err, source + ": has no name to copy it under");
                    continue;
                }
                String dest = into ? TreeItem.join(remote, name.toString()) : remote;
                if (!Files.exists(source)) {
                    err.println("parley: " + source + ": no such file");
                    tally.missing(source.toString(), dest, source + ": no such file");
                } else {
                    LocalTree.walk(source, dest, items, tally, err);
                }
            }
            err.flush();
            return items;
        }

        @Override
        public String label(TreeItem item) {
            return item.directory() ? item.remote() + "/" : item.remote();
        }

        @Override
        public void makeDir(AgentClient agent, TreeItem dir) throws IOException {
            agent.mkdir(dir.remote(), FileMode.read(dir.local()));
        }

        @Override
        public String sameHash(AgentClient agent, TreeItem file) throws IOException {
            FileEntry there = stat(agent, file.remote());
            if (there == null || there.type() != EntryType.FILE || there.size() != Files.size(file.local())) {
                return null;
            }
            String here = TransferCommand.sha256(file.local());
            if (!agent.hash(file.remote()).equals(here)) {
                return null;
            }
            // The same bytes: bring only the mode in line, without sending them again.
            int mode = FileMode.read(file.local());
            if (mode != FileMode.UNKNOWN && there.mode() != FileMode.UNKNOWN && there.mode() != mode) {
                agent.chmod(file.remote(), mode);
            }
            return here;
        }

        @Override
        public JsonOutput.FileStatus copied() {
            return JsonOutput.FileStatus.SENT;
        }

        @Override
        public TransferResult copy(AgentClient agent, TreeItem file, ProgressListener progress, Duration timeout)
                throws IOException {
            return agent.push(file.local(), file.remote(), progress, timeout);
        }

        private static FileEntry stat(AgentClient agent, String path) {
            try {
                return agent.stat(path);
            } catch (AgentNotFoundException e) {
                return null;
            }
        }
    }
}
