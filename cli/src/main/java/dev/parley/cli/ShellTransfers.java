package dev.parley.cli;

import dev.parley.agent.client.AgentClient;
import dev.parley.agent.client.AgentNotFoundException;
import dev.parley.agent.client.TransferResult;
import dev.parley.agent.fs.EntryType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code put LOCAL [REMOTE]} and {@code get REMOTE [LOCAL]} in {@code parley shell}: one file each way over the
 * shell's session, through {@link AgentClient#push} and {@link AgentClient#pull}, so stored atomically and SHA-256
 * verified as {@code parley push} and {@code pull} do. A relative remote path is resolved by the agent against the
 * session's working directory; a remote or local target that is a directory (or ends with {@code /}) receives the
 * file under its own name; a missing target defaults to the file's name (remote working directory, local shell
 * directory).
 */
final class ShellTransfers {

    private final AgentClient agent;
    private final Duration timeout;
    private final LocalPaths local;

    /**
     * Creates the handlers.
     *
     * @param agent the agent client over the shell's session
     * @param timeout the deadline of each copy
     * @param local how local paths resolve
     */
    ShellTransfers(AgentClient agent, Duration timeout, LocalPaths local) {
        this.agent = agent;
        this.timeout = timeout;
        this.local = local;
    }

    /**
     * Uploads one local file.
     *
     * @param args {@code LOCAL [REMOTE]}
     * @return the summary line
     * @throws IllegalArgumentException for wrong arguments or a local file that is missing or a directory
     * @throws IOException if the local file cannot be read
     * @throws dev.parley.agent.client.AgentException if the agent refuses, fails or the digests differ
     */
    String put(List<String> args) throws IOException {
        if (args.isEmpty() || args.size() > 2) {
            throw new IllegalArgumentException("usage: put LOCAL [REMOTE]");
        }
        Path source = local.resolve(args.get(0));
        if (Files.isDirectory(source)) {
            throw new IllegalArgumentException("put: " + args.get(0) + ": is a directory (put copies one file)");
        }
        if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("put: " + args.get(0) + ": no such local file");
        }
        String name = source.getFileName().toString();
        String remote = args.size() < 2 ? name : args.get(1);
        if (remote.endsWith("/") || isRemoteDirectory(remote)) {
            remote = TreeItem.join(remote, name);
        }
        long start = System.nanoTime();
        TransferResult r = agent.push(source, remote, null, timeout);
        return summary("put", args.get(0), r.remotePath(), r, start) + " (matches the agent's)";
    }

    /**
     * Downloads one remote file.
     *
     * @param args {@code REMOTE [LOCAL]}
     * @return the summary line
     * @throws IllegalArgumentException for wrong arguments or a local directory that does not exist
     * @throws IOException if the local file cannot be written
     * @throws dev.parley.agent.client.AgentException if the agent refuses or fails
     */
    String get(List<String> args) throws IOException {
        if (args.isEmpty() || args.size() > 2) {
            throw new IllegalArgumentException("usage: get REMOTE [LOCAL]");
        }
        String remote = args.get(0);
        String name = remoteName(remote);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("get: " + remote + ": names no file");
        }
        String typed = args.size() < 2 ? "" : args.get(1);
        Path target = typed.isEmpty() ? local.dir().resolve(name) : local.resolve(typed);
        if (!typed.isEmpty() && (LocalPaths.endsWithSeparator(typed) || Files.isDirectory(target))) {
            target = target.resolve(name);
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("get: " + parent + ": no such local directory");
        }
        long start = System.nanoTime();
        TransferResult r = agent.pull(remote, target, null, timeout);
        return summary("get", remote, target.toString(), r, start);
    }

    private boolean isRemoteDirectory(String remote) {
        try {
            return agent.stat(remote).type() == EntryType.DIRECTORY;
        } catch (AgentNotFoundException e) {
            return false;
        }
    }

    /** The last name of a POSIX path; empty for {@code /} or a path ending in {@code /}, {@code .} or {@code ..}. */
    private static String remoteName(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return ".".equals(name) || "..".equals(name) ? "" : name;
    }

    /** {@code put a.bin -> /x/a.bin: 1048576 bytes in 0.1 s (9.5 MiB/s), sha256 <hex>}. */
    private static String summary(String verb, String from, String to, TransferResult r, long startNanos) {
        double seconds = Math.max(System.nanoTime() - startNanos, 1) / 1e9;
        return String.format(Locale.ROOT, "%s %s -> %s: %d bytes in %.1f s (%.1f MiB/s), sha256 %s", verb,
                from, to, r.length(), seconds, r.length() / seconds / (1024 * 1024), r.sha256());
    }
}
