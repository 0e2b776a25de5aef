package dev.parley.cli;

import dev.parley.agent.client.AgentClient;
import dev.parley.agent.client.AgentException;
import dev.parley.agent.client.TransferResult;
import dev.parley.agent.fs.EntryType;
import dev.parley.agent.fs.FileEntry;
import dev.parley.agent.fs.FileMode;
import dev.parley.client.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code parley pull [-r] HOST[:PORT]:REMOTE... LOCAL}: downloads files, and directories with {@code -r}; each file
 * goes to a temporary file and is renamed into place once complete. Files already identical here are skipped.
 */
@Command(name = "pull", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Download files (and directories with -r) from an agent. Each file is written to a temporary "
                + "file next to its target and renamed into place once complete, so no file is ever half-written.",
                "LOCAL is a directory to copy into when it exists as one, ends with / or several REMOTEs are given; "
                + "else the one REMOTE is copied as LOCAL. Local files with the same size and SHA-256 as the "
                + "agent's are skipped, so a re-run fetches only what is missing or different. Symbolic links "
                + "inside a directory are skipped with a warning; a link named as REMOTE is followed.",
                "Prints a summary on stderr; shows one progress bar with rate and ETA on a terminal. With --json, "
                + "stdout gets a record per file as it is done, then the summary."},
        exitCodeListHeading = "%nExit status (of the first file that failed; the others are on stderr too):%n",
        exitCodeList = {"0:every file downloaded (or already identical)", "1:ERR reply (e.g. NOT_FOUND)",
                "64:usage error (e.g. a directory without -r)", "69:cannot connect",
                "74:local file unwritable", "75:timed out or connection lost", "76:protocol violation",
                "77:credentials refused (wrong token), not retried", "78:TLS certificate not trusted, not retried"})
final class PullCommand implements Callable<Integer> {

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

    @Parameters(arity = "2..*", hideParamSyntax = true, paramLabel = "HOST[:PORT]:REMOTE... LOCAL",
            description = "The files or directories, e.g. localhost:/logs/run.txt (all on one agent), then where "
                    + "to write them (a directory keeps the names).")
    List<String> words;

    @Override
    public Integer call() {
        verbosity.apply();
        PrintWriter err = spec.commandLine().getErr();
        List<String> paths = new ArrayList<>();
        HostPort first = null;
        for (String word : words.subList(0, words.size() - 1)) {
            HostPort hp = HostPort.parseWithPath(word, Main.DEFAULT_AGENT_PORT);
            if (first != null && !(first.host().equals(hp.host()) && first.port() == hp.port())) {
                throw new ParameterException(spec.commandLine(), "all REMOTEs must be on one agent: '" + word
                        + "' is not on " + first.host() + ":" + first.port());
            }
            first = first == null ? hp : first;
            paths.add(hp.path());
        }
        String localWord = words.get(words.size() - 1);
        return TransferCommand.run(first, flags, new Pull(paths, Path.of(localWord), localWord.endsWith("/"),
                recursive), json.enabled() ? JsonOutput.stdout() : null, err);
    }

    /** Downloads: plans from the agent's {@code stat} and {@code ls}, compares with local files and {@code hash}. */
    private static final class Pull implements TransferCommand.Side {

        private final List<String> sources;
        private final Path local;
        private final boolean slash;
        private final boolean recursive;

        Pull(List<String> sources, Path local, boolean slash, boolean recursive) {
            this.sources = sources;
            this.local = local;
            this.slash = slash;
            this.recursive = recursive;
        }

        @Override
        public String verb() {
            return "pull";
        }

        @Override
        public List<TreeItem> plan(AgentClient agent, Tally tally, PrintWriter err) {
            List<TreeItem> items = new ArrayList<>();
            boolean into = Files.isDirectory(local);
            if (!into && (sources.size() > 1 || slash)) {
                if (Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
                    tally.usage(err, local + ": not a directory");
                    return items;
                }
                into = true;
                items.add(TreeItem.dir(local, ""));
            }
            List<FileEntry> found = new ArrayList<>();
            for (String source : sources) {
                FileEntry entry;
                try {
                    entry = agent.stat(source);
                } catch (AgentException e) {
                    if (e.errorCode() == null) {
                        throw e;
                    }
                    tally.failed(TransferCommand.report(err, "pull " + source, e), dest(source, into).toString(),
                            source, 0, e);
                    entry = null;
                }
                if (entry != null && entry.type() == EntryType.DIRECTORY && !recursive) {
                    tally.usage(err, source + ": is a directory (use -r)");
                    return List.of();
                }
                found.add(entry);
            }
            for (int i = 0; i < sources.size(); i++) {
                FileEntry entry = found.get(i);
                if (entry != null) {
                    String source = sources.get(i);
                    long size = entry.type() == EntryType.FILE ? entry.size() : -1;
                    add(agent, entry.type(), source, dest(source, into), size, true, items, err);
                }
            }
            err.flush();
            return items;
        }

        /** Where a source goes: into the local directory under its name, or as the local path itself. */
        private Path dest(String source, boolean into) {
            String name = TreeItem.remoteName(source);
            return into && !name.isEmpty() && !"/".equals(name) ? local.resolve(name) : local;
        }

        private void add(AgentClient agent, EntryType type, String remote, Path dest, long size, boolean named,
                         List<TreeItem> items, PrintWriter err) {
            if (type == EntryType.DIRECTORY) {
                items.add(TreeItem.dir(dest, remote));
                for (FileEntry e : agent.ls(remote)) {
                    add(agent, e.type(), TreeItem.join(remote, e.name()), dest.resolve(e.name()), e.size(), false,
                            items, err);
                }
            } else if (type == EntryType.FILE || named && type == EntryType.LINK) {
                items.add(TreeItem.file(dest, remote, size));
            } else {
                err.println("parley: warning: " + remote + ": "
                        + (type == EntryType.LINK ? "symbolic link" : "not a regular file") + ", skipped");
            }
        }

        @Override
        public String label(TreeItem item) {
            return item.directory() ? item.local() + "/" : item.remote();
        }

        @Override
        public void makeDir(AgentClient agent, TreeItem dir) throws IOException {
            Files.createDirectories(dir.local());
            if (!dir.remote().isEmpty()) {
                keepMode(agent.stat(dir.remote()).mode(), dir.local(), true);
            }
        }

        /** Gives a local file or directory the agent's permission bits (plus the owner's access), if it sent them. */
        private static void keepMode(int remote, Path here, boolean directory) throws IOException {
            if (remote != FileMode.UNKNOWN) {
                int mode = FileMode.applied(remote, 0, directory);
                if (FileMode.read(here) != mode) {
                    FileMode.write(here, mode);
                }
            }
        }

        @Override
        public String sameHash(AgentClient agent, TreeItem file) throws IOException {
            Path here = file.local();
            if (!Files.isRegularFile(here, LinkOption.NOFOLLOW_LINKS)
                    || file.size() >= 0 && Files.size(here) != file.size()) {
                return null;
            }
            String hash = TransferCommand.sha256(here);
            if (!hash.equals(agent.hash(file.remote()))) {
                return null;
            }
            // The same bytes: bring only the mode in line, without fetching them again.
            keepMode(agent.stat(file.remote()).mode(), here, false);
            return hash;
        }

        @Override
        public JsonOutput.FileStatus copied() {
            return JsonOutput.FileStatus.RECEIVED;
        }

        @Override
        public TransferResult copy(AgentClient agent, TreeItem file, ProgressListener progress, Duration timeout)
                throws IOException {
            return agent.pull(file.remote(), file.local(), progress, timeout);
        }
    }
}
