package dev.parley.bench.abuse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code parley agent} in its own JVM, started from this JVM's class path ({@code dev.parley.cli.Main agent --port 0
 * ...}), so that its memory and descriptors can be read from {@code /proc/<pid>}. Everything the agent prints after
 * its ready line is read by a daemon thread and counted by log code ({@code PS006}, ...), so a flood of log lines
 * neither blocks the agent nor goes unnoticed.
 */
final class AgentProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) .*");
    private static final Pattern LOG_CODE = Pattern.compile("\\b([A-Z]{2}\\d{3})\\b");
    private static final long READY_TIMEOUT_SECONDS = 30;
    private static final long STOP_TIMEOUT_SECONDS = 15;

    private final Process process;
    private final int port;
    private final Path root;
    private Thread drainer;
    final Tally log = new Tally();
    final AtomicLong logBytes = new AtomicLong();
    /** The first line the agent printed for each log code. */
    final java.util.Map<String, String> examples = new java.util.concurrent.ConcurrentSkipListMap<>();

    private AgentProcess(Process process, int port, Path root) {
        this.process = process;
        this.port = port;
        this.root = root;
    }

    /**
     * Starts the agent and waits (at most 30 s) for its {@code listening on} line.
     *
     * @param root the directory it serves
     * @param tokenFile the file holding its token
     * @param o the agent's limits and heap
     * @return the running agent
     * @throws Exception if it does not start or print its ready line in time
     */
    static AgentProcess start(Path root, Path tokenFile, AbuseOptions o) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + o.agentHeapMiB + "m",
                "-cp", System.getProperty("java.class.path"),
                "dev.parley.cli.Main", "agent",
                "--port", "0",
                "--root", root.toString(),
                "--token-file", tokenFile.toString(),
                "--max-connections", Integer.toString(o.maxConnections),
                "--idle-timeout", o.idleTimeout.toMillis() + "ms"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String ready = CompletableFuture.supplyAsync(() -> firstReadyLine(out))
                    .get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Matcher m = READY.matcher(ready == null ? "" : ready);
            if (!m.matches()) {
                throw new IllegalStateException("agent did not start; its output ended with: " + ready);
            }
            AgentProcess agent = new AgentProcess(p, Integer.parseInt(m.group(1)), root);
            agent.drainer = new Thread(() -> agent.drain(out, o.agentLog), "abuse-agent-log");
            agent.drainer.setDaemon(true);
            agent.drainer.start();
            return agent;
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    private static String firstReadyLine(BufferedReader out) {
        try {
            String last = null;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                last = line;
                if (READY.matcher(line).matches()) {
                    return line;
                }
            }
            return last;
        } catch (IOException e) {
            return "(reading its output failed: " + e + ")";
        }
    }

    /** Reads the agent's output to its end, counting it (and copying it to a file if asked); never stops early. */
    private void drain(BufferedReader out, Path copy) {
        java.io.Writer file = null;
        try {
            file = copy == null ? null : Files.newBufferedWriter(copy, StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.add("agent log copy failed");
        }
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                count(line);
                if (file != null) {
                    try {
                        file.write(line);
                        file.write('\n');
                    } catch (IOException e) {
                        log.add("agent log copy failed");
                        file = null;
                    }
                }
            }
        } catch (IOException e) {
            // the stream ends this way when the process is gone: what was read has been counted
            log.add("output ended by " + e.getClass().getSimpleName());
        } finally {
            closeQuietly(file);
        }
    }

    private void count(String line) {
        logBytes.addAndGet(line.length() + 1);
        log.add("lines");
        if (line.contains("OutOfMemoryError")) {
            log.add("OutOfMemoryError");
        }
        Matcher m = LOG_CODE.matcher(line);
        if (m.find()) {
            log.add(m.group(1));
            examples.putIfAbsent(m.group(1), line.length() > 160 ? line.substring(0, 160) + "..." : line);
        }
    }

    private void closeQuietly(java.io.Writer file) {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                log.add("agent log copy failed");
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
     * SIGTERM, then (after 15 s) SIGKILL; waits for the rest of its output to be counted.
     *
     * @return the exit status, or -1 if it had to be killed
     * @throws InterruptedException if interrupted while waiting
     */
    int stop() throws InterruptedException {
        process.destroy();
        int status = -1;
        if (process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            status = process.exitValue();
        } else {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        drainer.join(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
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
