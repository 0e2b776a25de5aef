package dev.parley.agent.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Starts the disk writes of a large file while it is still being written, so that the {@code fsync} before its
 * rename finds little left to do. Without it the kernel keeps every written byte in the page cache until that one
 * {@code fsync}, which then waits for the whole file to reach the disk: on the machine of docs/BENCHMARKS.md, 1 to
 * 2.4 s for 1 GiB, after the last byte arrived.
 *
 * <p>Every {@value #STEP_BYTES} bytes written, the writer asks one shared background thread for an
 * {@code fdatasync} of the file, unless the previous one has not finished yet. The writer never waits for it; a
 * failed or late writeback changes nothing, because the file's final {@code force} is what makes it durable and
 * reports errors. The thread ends after a few idle seconds.
 *
 * <p>Not thread-safe: one writer per instance.
 */
public final class Writeback {

    /** How many bytes are written between two background writebacks. */
    public static final long STEP_BYTES = 32L << 20;

    private static final ThreadPoolExecutor FLUSHER = flusher();

    private final FileChannel channel;
    private long unflushed;
    private Future<?> inFlight;

    /**
     * Watches one file being written.
     *
     * @param channel the file's channel, open for writing
     */
    public Writeback(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Counts bytes just written, and starts a writeback when {@value #STEP_BYTES} more are waiting for one.
     *
     * @param bytes how many bytes were written
     */
    public void wrote(long bytes) {
        unflushed += bytes;
        if (unflushed < STEP_BYTES || (inFlight != null && !inFlight.isDone())) {
            return;
        }
        unflushed = 0;
        inFlight = FLUSHER.submit(this::flush);
    }

    private void flush() {
        try {
            channel.force(false);
        } catch (IOException | RuntimeException ignored) {
            // Closed meanwhile (committed or aborted), or an I/O error that the final force will report.
        }
    }

    private static ThreadPoolExecutor flusher() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "parley-writeback");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
