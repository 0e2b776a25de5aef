package dev.parley.bench.abuse;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code parley agent} in its own JVM, started from this JVM's class path ({@code dev.parley.cli.Main agent --port 0
 * ...}), so that its memory and descriptors can be read from {@code /proc/<pid>}. Its standard output and error go
 * straight to a file, not through a pipe this JVM must keep draining: however much the agent logs, and however
 * busy the attackers keep this JVM, the agent never waits for its reader. The file is read for the ready line, and
 * counted by log code ({@code PS006}, ...) once the agent has stopped.
 */
final class AgentProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) .*");
    private static final Pattern LOG_CODE = Pattern.compile("\\b([A-Z]{2}\\d{3})\\b");
    private static final long READY_TIMEOUT_SECONDS = 60;
    private static final long STOP_TIMEOUT_SECONDS = 15;
    private static final int EXAMPLE_LENGTH = 160;

    private final Process process;
    private final int port;
    private final Path root;
    private final Path output;
    private final String readyLine;
    /** What the agent printed after its ready line: lines, per log code, {@code OutOfMemoryError}. */
    final Tally log = new Tally();
    /** The first line the agent printed for each log code. */
    final Map<String, String> examples = new ConcurrentSkipListMap<>();
    long logBytes;

    private AgentProcess(Process process, int port, Path root, Path output, String readyLine) {
        this.readyLine = readyLine;
        this.process = process;
        this.port = port;
        this.root = root;
        this.output = output;
    }

    /**
     * Starts the agent and waits (at most 60 s: a loaded machine starts a JVM slowly) for its {@code listening on}
     * line.
     *
     * @param root the directory it serves
     * @param tokenFile the file holding its token
     * @param output where its standard output and error go
     * @param o the agent's limits and heap
     * @return the running agent
     * @throws Exception if it does not start or print its ready line in time
     */
    static AgentProcess start(Path root, Path tokenFile, Path output, AbuseOptions o) throws Exception {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + o.agentHeapMiB + "m",
                "-cp", System.getProperty("java.class.path"),
                "dev.parley.cli.Main", "agent",
                "--port", "0",
                "--root", root.toString(),
                "--token-file", tokenFile.toString(),
                "--max-connections", Integer.toString(o.maxConnections),
                "--idle-timeout", o.idleTimeout.toMillis() + "ms");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
            for (;;) {
                List<String> lines = completeLines(output);
                for (String line : lines) {
                    Matcher m = READY.matcher(line);
                    if (m.matches()) {
                        return new AgentProcess(p, Integer.parseInt(m.group(1)), root, output, line);
                    }
                }
                if (!p.isAlive() || System.nanoTime() - end > 0) {
                    throw new IllegalStateException("agent did not start (" + (p.isAlive() ? "running" : "exited")
                            + "); its output began with: " + lines.subList(0, Math.min(5, lines.size())));
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** @return the file's complete lines so far */
    private static List<String> completeLines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        int lf = text.lastIndexOf('\n');
        return lf < 0 ? List.of() : List.of(text.substring(0, lf).split("\n"));
    }

    /** Counts what the agent printed after its ready line; call once it has stopped. */
    private void countOutput() throws IOException {
        try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(output),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)))) {
            String line = in.readLine();
            while (line != null && !line.equals(readyLine)) {
                line = in.readLine();
            }
            for (line = in.readLine(); line != null; line = in.readLine()) {
                logBytes += line.length() + 1;
                log.add("lines");
                if (line.contains("OutOfMemoryError") || line.contains("OutOfDirectMemoryError")) {
                    log.add("OutOfMemoryError");
                }
                Matcher m = LOG_CODE.matcher(line);
                if (m.find()) {
                    log.add(m.group(1));
                    examples.putIfAbsent(m.group(1), line.length() > EXAMPLE_LENGTH
                            ? line.substring(0, EXAMPLE_LENGTH) + "..." : line);
                }
            }
        }
    }

    /** @return the address the agent listens on */
    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** @return the agent's process id */
    long pid() {
        return process.pid();
    }

    /** @return whether the agent process is still running */
    boolean alive() {
        return process.isAlive();
    }

    /**
     * Reads the agent's {@code /proc} figures now.
     *
     * @return the sample; fields are -1 when the process is gone
     */
    ProcSample sample() {
        long rss = -1;
        long hwm = -1;
        long threads = -1;
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        try {
            for (String line : Files.readAllLines(proc.resolve("status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kib(line);
                } else if (line.startsWith("Threads:")) {
                    threads = Long.parseLong(line.substring("Threads:".length()).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return new ProcSample(-1, -1, -1, -1, -1);
        }
        int fds = 0;
        int rootFiles = 0;
        String rootText = root.toString();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : dir) {
                fds++;
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith(rootText)) {
                        rootFiles++;
                    }
                } catch (IOException e) {
                    // the descriptor was closed between listing and reading it: counted, not resolved
                    continue;
                }
            }
        } catch (IOException e) {
            fds = -1;
            rootFiles = -1;
        }
        return new ProcSample(rss, hwm, threads, fds, rootFiles);
    }

    private static long kib(String statusLine) {
        return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
    }

    /**
     * SIGTERM, then (after 15 s) SIGKILL; then counts its output.
     *
     * @return the exit status, or -1 if it had to be killed
     * @throws InterruptedException if interrupted while waiting
     * @throws IOException if its output cannot be read
     */
    int stop() throws InterruptedException, IOException {
        process.destroy();
        int status = -1;
        if (process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            status = process.exitValue();
        } else {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        countOutput();
        return status;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** One reading of {@code /proc/<pid>}: resident and peak resident KiB, threads, descriptors, files in the root. */
    record ProcSample(long rssKiB, long hwmKiB, long threads, int fds, int rootFiles) {
    }
}
