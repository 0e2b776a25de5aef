package dev.parley.agent.fs;

import java.util.List;

/** Where the reader threads of one run put a program's output. Implementations are thread-safe. */
interface ProgramOutput {

    /** What was kept at the end of a run. */
    record Snapshot(List<ExecChunk> chunks, long total, boolean truncated) {
    }

    /**
     * Takes {@code n} bytes read from a stream; may block until there is room, and returns at once after
     * {@link #close()}.
     */
    void append(ExecChunk.Stream stream, byte[] buffer, int n) throws InterruptedException;

    /** The run is over: appends no longer wait (a reader still running drops what it reads). */
    void close();

    /** Returns the chunks still held, the bytes read and whether any were dropped. */
    Snapshot snapshot();
}
