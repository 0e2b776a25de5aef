package dev.parley.agent.fs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one {@code exec} run ended: the exit code, the combined standard output and error (up to the policy's cap), and
 * whether output was dropped or the run was killed for taking too long.
 */
public final class ExecResult {

    /** The exit code reported when the process could not be reaped after being killed. */
    public static final int NO_EXIT_CODE = -1;

    private final int exitCode;
    private final List<ExecChunk> chunks;
    private final boolean truncated;
    private final boolean timedOut;
    private final Duration elapsed;

    ExecResult(int exitCode, List<ExecChunk> chunks, boolean truncated, boolean timedOut, Duration elapsed) {
        this.exitCode = exitCode;
        this.chunks = List.copyOf(chunks);
        this.truncated = truncated;
        this.timedOut = timedOut;
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
    }

    /**
     * Returns the program's exit code; after a kill, what the operating system reports (137 for SIGKILL on Linux).
     *
     * @return the exit code, or {@link #NO_EXIT_CODE}
     */
    public int exitCode() {
        return exitCode;
    }

    /**
     * Returns the combined standard output and error, in the order the program wrote them, up to the cap.
     *
     * @return a copy of the kept output
     */
    public byte[] output() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ExecChunk c : chunks) {
            out.writeBytes(c.bytes());
        }
        return out.toByteArray();
    }

    /**
     * Returns the kept output as chunks labelled with their stream, in the order they were read. After
     * {@link ExecRunner#run} (streams merged) every chunk is labelled {@link ExecChunk.Stream#OUT}.
     *
     * @return the chunks, unmodifiable
     */
    public List<ExecChunk> chunks() {
        return chunks;
    }

    /**
     * Returns the kept output decoded as UTF-8, for logs and tests.
     *
     * @return the output as text
     */
    public String outputAsString() {
        return new String(output(), StandardCharsets.UTF_8);
    }

    /**
     * Tells whether output beyond the cap was read and dropped.
     *
     * @return {@code true} if the output was cut
     */
    public boolean truncated() {
        return truncated;
    }

    /**
     * Tells whether the run hit the time limit, the program (or the output it left open) then being killed or
     * abandoned.
     *
     * @return {@code true} if the time limit passed
     */
    public boolean timedOut() {
        return timedOut;
    }

    /**
     * Returns how long the run took.
     *
     * @return the wall-clock duration
     */
    public Duration elapsed() {
        return elapsed;
    }

    @Override
    public String toString() {
        return "ExecResult{exitCode=" + exitCode + ", output=" + output().length + " bytes, truncated=" + truncated
                + ", timedOut=" + timedOut + ", elapsed=" + elapsed + "}";
    }
}
