package dev.parley.agent.fs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A program started by {@link ExecRunner#start}: its output waits here, labelled by stream, until it is
 * {@link #take(int) taken}, and the job ends with an {@link ExecResult} once the program has ended and its output
 * closed. At most {@link #WINDOW} bytes wait: the reader threads then stop reading, the program blocks on its full
 * pipe until output is taken (or its time limit passes). Output beyond the policy's cap is read and dropped, never
 * held. Thread-safe.
 */
public final class ExecJob {

    /** The most unread output a job holds before its program is made to wait: {@value} bytes. */
    public static final int WINDOW = 256 * 1024;

    /**
     * Output taken from a job: the chunks in the order they were read and, once the program has ended and no output
     * is left, how it ended.
     *
     * @param chunks the chunks, possibly none
     * @param result how the program ended, or {@code null} while it runs or output is left
     */
    public record Batch(List<ExecChunk> chunks, ExecResult result) {
    }

    private final int cap;
    private final ArrayDeque<ExecChunk> chunks = new ArrayDeque<>();
    private final Output output = new Output();
    private int held;
    private long kept;
    private long total;
    private boolean closed;
    private ExecResult result;
    private Runnable waiter;

    ExecJob(int cap) {
        this.cap = cap;
    }

    ProgramOutput output() {
        return output;
    }

    /**
     * Takes waiting output, whole chunks up to about {@code maxBytes} (at least one chunk when any waits).
     *
     * @param maxBytes how much to take at most, unless the first chunk alone is larger
     * @return the chunks taken, and the result when the program has ended and this was the last of its output
     */
    public synchronized Batch take(int maxBytes) {
        List<ExecChunk> taken = new ArrayList<>();
        int n = 0;
        while (!chunks.isEmpty() && (taken.isEmpty() || n + chunks.peekFirst().length() <= maxBytes)) {
            ExecChunk c = chunks.pollFirst();
            n += c.length();
            taken.add(c);
        }
        held -= n;
        notifyAll();
        return new Batch(taken, chunks.isEmpty() ? result : null);
    }

    /**
     * Runs {@code action} once, as soon as output waits or the job has ended: at once on this thread if that is so
     * now, else later on a thread of the job.
     *
     * @param action what to run
     * @return {@code false} (and nothing is run) if an earlier action is still waiting
     */
    public boolean whenReady(Runnable action) {
        Objects.requireNonNull(action, "action");
        synchronized (this) {
            if (waiter != null) {
                return false;
            }
            if (chunks.isEmpty() && result == null) {
                waiter = action;
                return true;
            }
        }
        action.run();
        return true;
    }

    /**
     * Tells whether the program has ended and all its output was taken.
     *
     * @return {@code true} once nothing more will come
     */
    public synchronized boolean isDone() {
        return result != null && chunks.isEmpty();
    }

    /** @return the output bytes waiting to be taken, at most {@link #WINDOW} plus one read */
    synchronized int heldBytes() {
        return held;
    }

    void finish(ExecResult r) {
        Runnable w;
        synchronized (this) {
            result = new ExecResult(r.exitCode(), List.of(), total > kept, r.timedOut(), r.elapsed());
            w = takeWaiter();
        }
        runWaiter(w);
    }

    private Runnable takeWaiter() {
        Runnable w = waiter;
        waiter = null;
        return w;
    }

    private static void runWaiter(Runnable w) {
        if (w != null) {
            w.run();
        }
    }

    /** What the reader threads write to. */
    private final class Output implements ProgramOutput {

        @Override
        public void append(ExecChunk.Stream stream, byte[] buffer, int n) throws InterruptedException {
            Runnable w;
            synchronized (ExecJob.this) {
                total += n;
                int room = (int) Math.max(0, Math.min(n, cap - kept));
                if (room == 0) {
                    return;
                }
                while (held + room > WINDOW && held > 0 && !closed) {
                    ExecJob.this.wait();
                }
                if (closed) {
                    return; // counted in total, never kept: the result says truncated
                }
                byte[] bytes = new byte[room];
                System.arraycopy(buffer, 0, bytes, 0, room);
                chunks.addLast(new ExecChunk(stream, bytes));
                held += room;
                kept += room;
                w = takeWaiter();
            }
            runWaiter(w);
        }

        @Override
        public void close() {
            synchronized (ExecJob.this) {
                closed = true;
                ExecJob.this.notifyAll();
            }
        }

        @Override
        public ProgramOutput.Snapshot snapshot() {
            synchronized (ExecJob.this) {
                return new ProgramOutput.Snapshot(List.of(), total, total > kept);
            }
        }
    }
}
