package dev.parley.agent.fs;

import dev.parley.codec.text.ErrorCode;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs allowed programs for the agent's {@code exec} and {@code run} commands, under an {@link ExecPolicy}. The
 * program runs directly (never through a shell), in the session's working directory inside the sandbox, with
 * standard input closed; {@link #run} merges standard error into standard output, {@link #runSeparated} and
 * {@link #start} keep them apart. Output is kept up to the policy's cap and the rest read and dropped, so a chatty
 * program never blocks on a full pipe (except on a started job's full window, see {@link ExecJob}). When the time
 * limit passes, the program and the descendants seen while it ran are killed.
 *
 * <p>Every wait is bounded: {@link #run(String, String, List)} returns within the time limit plus a short grace
 * period, even if an orphaned descendant keeps the output pipe open (its reader thread is then abandoned; it is a
 * daemon thread and ends when the pipe closes).
 *
 * <p>Thread-safe; {@link #run} and {@link #runSeparated} block their thread for the whole run, and {@link #start}
 * for the program's start: call them off the event loop.
 */
public final class ExecRunner {

    /** How long to wait for a killed process to go and for its output to close. */
    static final Duration KILL_GRACE = Duration.ofSeconds(2);

    /** How often the process's descendants are sampled, so that they can be killed with it. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private static final int READ_BUFFER_SIZE = 8192;

    private static final Logger log = LoggerFactory.getLogger("parley.agent.exec");

    private final Sandbox sandbox;
    private final ExecPolicy policy;

    /**
     * Creates a runner.
     *
     * @param sandbox the sandbox holding the working directories
     * @param policy  the programs allowed and the limits
     */
    public ExecRunner(Sandbox sandbox, ExecPolicy policy) {
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * Returns the policy this runner enforces.
     *
     * @return the policy
     */
    public ExecPolicy policy() {
        return policy;
    }

    /**
     * Runs a program and waits, within the time limit, for it to end.
     *
     * @param cwd     the session's working directory, where the program runs
     * @param program the program name exactly as allowed by the policy
     * @param args    the arguments, passed as they are (no shell expansion)
     * @return the exit code, the kept output and the truncation and time-out flags
     * @throws SandboxException {@link ErrorCode#DENIED} if exec is off or the program is not allowed,
     *                          {@link ErrorCode#NOT_FOUND} if an allowed program cannot be found,
     *                          {@link ErrorCode#BAD_ARGS} for an argument with a NUL byte,
     *                          {@link ErrorCode#FAILED} if it cannot be started or the wait was interrupted
     */
    public ExecResult run(String cwd, String program, List<String> args) throws SandboxException {
        return run(cwd, program, args, false);
    }

    /**
     * Runs a program as {@link #run(String, String, List)} does, but keeps its standard output and standard error
     * apart: the result's {@link ExecResult#chunks() chunks} say which stream each piece came from, in the order they
     * were read. The cap applies to both streams together.
     *
     * @param cwd     the session's working directory, where the program runs
     * @param program the program name exactly as allowed by the policy
     * @param args    the arguments, passed as they are (no shell expansion)
     * @return the exit code, the kept output by stream and the truncation and time-out flags
     * @throws SandboxException as {@link #run(String, String, List)} does
     */
    public ExecResult runSeparated(String cwd, String program, List<String> args) throws SandboxException {
        return run(cwd, program, args, true);
    }

    /**
     * Starts a program with its standard output and standard error apart and returns at once: the output goes to
     * the returned job as it is read, on the job's own threads, and the job ends with the program (or its time
     * limit). The program blocks on a full pipe while the job holds {@link ExecJob#WINDOW} unread bytes, so memory
     * stays bounded whatever the program writes; the cap and time limit apply as for {@link #run}.
     *
     * @param cwd     the session's working directory, where the program runs
     * @param program the program name exactly as allowed by the policy
     * @param args    the arguments, passed as they are (no shell expansion)
     * @return the running job
     * @throws SandboxException as {@link #run(String, String, List)} does, before anything runs
     */
    public ExecJob start(String cwd, String program, List<String> args) throws SandboxException {
        Launched launched = launch(cwd, program, args, true);
        ExecJob job = new ExecJob(policy.outputCap());
        Thread supervisor = new Thread(() -> {
            ExecResult result;
            try {
                result = supervise(launched.process(), program, launched.start(), true, job.output());
            } catch (InterruptedException e) {
                kill(launched.process(), launched.process().descendants().toList());
                result = new ExecResult(ExecResult.NO_EXIT_CODE, List.of(), false, true, Duration.ofNanos(
                        System.nanoTime() - launched.start()));
            }
            job.finish(result);
        }, "parley-exec-" + launched.process().pid());
        supervisor.setDaemon(true);
        supervisor.start();
        return job;
    }

    private record Launched(Process process, long start) {
    }

    private ExecResult run(String cwd, String program, List<String> args, boolean separate) throws SandboxException {
        Launched launched = launch(cwd, program, args, separate);
        try {
            return supervise(launched.process(), program, launched.start(), separate,
                    new OutputLog(policy.outputCap()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(launched.process(), launched.process().descendants().toList());
            throw new SandboxException(ErrorCode.FAILED, "exec " + program + ": interrupted", e);
        }
    }

    private Launched launch(String cwd, String program, List<String> args, boolean separate)
            throws SandboxException {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(args, "args");
        if (!policy.isEnabled()) {
            throw new SandboxException(ErrorCode.DENIED, "exec is off on this agent");
        }
        if (!policy.allows(program)) {
            throw new SandboxException(ErrorCode.DENIED, "exec " + Sandbox.printable(program)
                    + ": program not allowed (allowed: " + String.join(", ", policy.allowedPrograms()) + ")");
        }
        for (String arg : args) {
            if (arg.indexOf('\0') >= 0) {
                throw new SandboxException(ErrorCode.BAD_ARGS, "exec " + program + ": argument contains a NUL byte");
            }
        }
        SandboxPath workDir = sandbox.lexical(cwd, ".");
        Process process;
        long start;
        try (Location at = sandbox.locate(workDir, PathWalk.Mode.FOLLOW)) {
            BasicFileAttributes a = at.attributesOrNull();
            if (a == null || !a.isDirectory()) {
                throw new SandboxException(ErrorCode.NOT_FOUND, "exec " + program + ": working directory "
                        + workDir + " does not exist");
            }
            List<String> command = new ArrayList<>(args.size() + 1);
            command.add(locate(cwd, program).toString());
            command.addAll(args);
            Object key = a.fileKey();
            Set<Path> before = DirectoryDescriptors.matching(key);
            try (DirHandle dir = at.isDirectoryItself() ? at.dir().reopen() : at.dir().openDirectory(at.name())) {
                if (key != null && !key.equals(dir.attributes().fileKey())) {
                    throw new SandboxException(ErrorCode.FAILED, "exec " + program + ": working directory "
                            + workDir + " changed while it was opened");
                }
                Path directory = DirectoryDescriptors.ownedSince(before, key, dir);
                if (directory == null) {
                    // No /proc: a process starts in a directory named by path. Check that the path still leads to
                    // the directory held open, start, then check where the process is (when it has not ended yet).
                    directory = at.physicalHostPath(sandbox.root());
                    requireSameDirectory(directory, key, program, workDir);
                }
                // Otherwise the process starts in the directory held open: /proc/<agent>/fd/<n> leads to it.
                start = System.nanoTime();
                process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(!separate)
                        .start();
                checkStartedIn(process, key, program, workDir);
            }
        } catch (SandboxException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new SandboxException(ErrorCode.NOT_FOUND, "exec " + program + ": working directory " + workDir
                    + " does not exist", e);
        } catch (IOException e) {
            throw new SandboxException(ErrorCode.FAILED, "exec " + program + ": cannot start: "
                    + e.getClass().getSimpleName(), e);
        }
        log.debug("exec {} {} in {} (pid {})", program, args, workDir, process.pid());
        return new Launched(process, start);
    }

    private ExecResult supervise(Process process, String program, long start, boolean separate,
                                 ProgramOutput log) throws InterruptedException {
        closeStdin(process);
        Thread reader = startReader(process.getInputStream(), log, ExecChunk.Stream.OUT, process);
        Thread errReader = separate ? startReader(process.getErrorStream(), log, ExecChunk.Stream.ERR, process) : null;

        long deadline = start + policy.timeLimit().toNanos();
        Set<ProcessHandle> seen = new LinkedHashSet<>();
        boolean timedOut = false;
        while (process.isAlive()) {
            process.descendants().forEach(seen::add);
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                timedOut = true;
                break;
            }
            process.waitFor(Math.min(remaining, POLL_NANOS), TimeUnit.NANOSECONDS);
        }
        if (timedOut) {
            ExecRunner.log.debug("exec {}: time limit {} passed, killing pid {}", program, policy.timeLimit(),
                    process.pid());
            kill(process, seen);
        } else {
            reader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (errReader != null) {
                errReader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            if (reader.isAlive() || errReader != null && errReader.isAlive()) {
                // The program is gone but something it started still holds the output open.
                timedOut = true;
                ExecRunner.log.debug("exec {}: output still open at the time limit, killing what is left", program);
                kill(process, seen);
            }
        }
        if (timedOut) {
            reader.join(KILL_GRACE.toMillis());
            if (errReader != null) {
                errReader.join(KILL_GRACE.toMillis());
            }
            if (reader.isAlive() || errReader != null && errReader.isAlive()) {
                ExecRunner.log.debug("exec {}: output still open after the kill, abandoning it", program);
                closeOutput(process);
            }
        }
        int exitCode = process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                ? process.exitValue() : ExecResult.NO_EXIT_CODE;
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        log.close();
        ProgramOutput.Snapshot output = log.snapshot();
        ExecRunner.log.debug("exec {}: exit {} after {} ({} bytes read, truncated {}, timed out {})", program,
                exitCode, elapsed, output.total(), output.truncated(), timedOut);
        return new ExecResult(exitCode, output.chunks(), output.truncated(), timedOut, elapsed);
    }

    private static void requireSameDirectory(Path host, Object key, String program, SandboxPath workDir)
            throws IOException {
        if (key != null && !key.equals(Files.readAttributes(host, BasicFileAttributes.class).fileKey())) {
            throw new SandboxException(ErrorCode.FAILED, "exec " + program + ": working directory " + workDir
                    + " changed while the program was started");
        }
    }

    private static void checkStartedIn(Process process, Object key, String program, SandboxPath workDir)
            throws SandboxException {
        Path cwd = Path.of("/proc", Long.toString(process.pid()), "cwd");
        Object actual;
        try {
            actual = Files.readAttributes(cwd, BasicFileAttributes.class).fileKey();
        } catch (IOException | UnsupportedOperationException e) {
            return; // no /proc here, or the program already ended
        }
        if (key != null && !key.equals(actual)) {
            kill(process, process.descendants().toList());
            throw new SandboxException(ErrorCode.FAILED, "exec " + program + ": working directory " + workDir
                    + " changed while the program was started; it was killed");
        }
    }

    private Path locate(String cwd, String program) throws SandboxException {
        if (program.indexOf('/') >= 0) {
            SandboxPath path = sandbox.lexical(cwd, program);
            try (Location at = sandbox.locate(path, PathWalk.Mode.FOLLOW)) {
                BasicFileAttributes a = at.attributesOrNull();
                if (a == null || !a.isRegularFile() || at.isDirectoryItself()) {
                    throw new SandboxException(ErrorCode.NOT_FOUND, "exec " + path + ": no such program");
                }
                return at.physicalHostPath(sandbox.root());
            } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
                throw new SandboxException(ErrorCode.NOT_FOUND, "exec " + path + ": no such program", e);
            } catch (IOException e) {
                throw IoErrors.translate("exec", path.virtualPath(), e);
            }
        }
        String searchPath = System.getenv("PATH");
        if (searchPath != null) {
            for (String dir : searchPath.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir).resolve(program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toAbsolutePath();
                }
            }
        }
        throw new SandboxException(ErrorCode.NOT_FOUND, "exec " + Sandbox.printable(program) + ": not found on PATH");
    }

    private static void kill(Process process, Iterable<ProcessHandle> knownDescendants) {
        List<ProcessHandle> victims = new ArrayList<>();
        process.descendants().forEach(victims::add);
        knownDescendants.forEach(victims::add);
        process.destroyForcibly();
        for (ProcessHandle victim : victims) {
            if (victim.isAlive()) {
                victim.destroyForcibly();
            }
        }
    }

    private static void closeStdin(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            log.debug("closing the program's standard input failed", e);
        }
    }

    private static void closeOutput(Process process) {
        try {
            process.getInputStream().close();
            process.getErrorStream().close();
        } catch (IOException e) {
            log.debug("closing the program's output failed", e);
        }
    }

    private static Thread startReader(InputStream in, ProgramOutput log, ExecChunk.Stream stream, Process process) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[READ_BUFFER_SIZE];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    log.append(stream, buffer, n);
                }
            } catch (IOException e) {
                ExecRunner.log.debug("reading program output ended: {}", e.toString());
            } catch (InterruptedException e) {
                ExecRunner.log.debug("reading program output interrupted");
            }
        }, "parley-exec-" + process.pid() + "-" + stream.word());
        t.setDaemon(true);
        t.start();
        return t;
    }
}
