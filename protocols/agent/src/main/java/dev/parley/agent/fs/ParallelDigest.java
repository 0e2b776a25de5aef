package dev.parley.agent.fs;

import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Computes a digest on another thread while the caller writes the same bytes to disk, so that a transfer's two
 * passes over its bytes (the write and the SHA-256) run side by side on two cores instead of one after the other.
 * The caller hands over each chunk it has written ({@link #update(ByteBuf)} takes ownership and releases it once
 * digested) and asks for the result with {@link #digest()}, which waits for the last chunk.
 *
 * <p>At most {@value #MAX_BACKLOG} bytes wait to be digested: {@link #update(ByteBuf)} waits while more do, so a
 * slow digest slows the transfer down instead of holding the file in memory. Digest threads come from one shared
 * pool of daemon threads that end after a few idle seconds.
 *
 * <p>One writer thread per instance; {@link #discard()} may be called from any thread.
 */
public final class ParallelDigest {

    /** The most bytes handed over and not yet digested. */
    public static final long MAX_BACKLOG = 8L << 20;

    /** How long a digest thread waits for the next chunk before it goes back to the pool. */
    private static final long LINGER_NANOS = 5_000_000;
    private static final ExecutorService WORKERS = workers();

    private final MessageDigest digest;
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private long backlog;
    /** A digest thread is attached: working, or lingering for the next chunk. */
    private boolean running;
    /** The digest thread is on a chunk taken from the queue. */
    private boolean busy;
    private boolean discarded;

    /**
     * @param digest the digest to feed; used by the digest thread only until {@link #digest()} returns
     */
    public ParallelDigest(MessageDigest digest) {
        this.digest = digest;
    }

    /**
     * Hands over a chunk to be digested after the ones before it. The chunk is released once digested (or at once
     * after {@link #discard()}). Waits while {@value #MAX_BACKLOG} bytes or more are still waiting.
     *
     * @param chunk the bytes; this object takes over the caller's reference
     * @throws InterruptedException if interrupted while waiting (the chunk is released)
     */
    public void update(ByteBuf chunk) throws InterruptedException {
        boolean start;
        synchronized (this) {
            try {
                while (backlog >= MAX_BACKLOG && !discarded) {
                    wait();
                }
            } catch (InterruptedException e) {
                chunk.release();
                throw e;
            }
            if (discarded) {
                chunk.release();
                return;
            }
            queue.addLast(chunk);
            backlog += chunk.readableBytes();
            start = !running;
            running = true;
            notifyAll();                  // a lingering digest thread takes it
        }
        if (start) {
            WORKERS.execute(this::drain);
        }
    }

    /**
     * Digests bytes on the caller's thread, after every chunk handed over before.
     *
     * @param buffer the bytes; its position moves to its limit
     * @throws InterruptedException if interrupted while waiting for the chunks before it
     */
    public void updateHere(ByteBuffer buffer) throws InterruptedException {
        awaitIdle();
        digest.update(buffer);
    }

    /**
     * Waits until every chunk handed over is digested and completes the digest.
     *
     * @return the digest's bytes
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if {@link #discard()} was called
     */
    public byte[] digest() throws InterruptedException {
        awaitIdle();
        synchronized (this) {
            if (discarded) {
                throw new IllegalStateException("discarded");
            }
        }
        return digest.digest();
    }

    /** Releases every chunk not digested yet; the digest thread stops after the chunk it is on. */
    public void discard() {
        ArrayDeque<ByteBuf> left;
        synchronized (this) {
            discarded = true;
            left = new ArrayDeque<>(queue);
            queue.clear();
            backlog = 0;
            notifyAll();
        }
        for (ByteBuf b : left) {
            b.release();
        }
    }

    /** @return bytes handed over and not digested yet */
    public synchronized long backlog() {
        return backlog;
    }

    private synchronized void awaitIdle() throws InterruptedException {
        while ((busy || !queue.isEmpty()) && !discarded) {
            wait();
        }
    }

    private void drain() {
        for (;;) {
            ByteBuf chunk;
            synchronized (this) {
                chunk = queue.pollFirst();
                if (chunk == null) {
                    busy = false;
                    notifyAll();
                    chunk = lingerForNext();
                    if (chunk == null) {
                        running = false;
                        return;
                    }
                }
                busy = true;
            }
            int n = chunk.readableBytes();
            try {
                if (chunk.nioBufferCount() == 1) {
                    digest.update(chunk.nioBuffer());
                } else {
                    for (ByteBuffer b : chunk.nioBuffers()) {
                        digest.update(b);
                    }
                }
            } finally {
                chunk.release();
            }
            synchronized (this) {
                if (!discarded) {
                    backlog -= n;
                }
                notifyAll();
            }
        }
    }

    /**
     * Waits briefly for the next chunk, so that a writer a little slower than the digest does not hand every chunk
     * to a new pool task (a thread wake-up each). Called holding the lock.
     */
    private ByteBuf lingerForNext() {
        long until = System.nanoTime() + LINGER_NANOS;
        ByteBuf next;
        while ((next = queue.pollFirst()) == null && !discarded) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            try {
                wait(left / 1_000_000, (int) (left % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return queue.pollFirst(); // no more lingering; what is queued is still digested
            }
        }
        return next;
    }

    private static ExecutorService workers() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS,
                new SynchronousQueue<>(), task -> {
                    Thread thread = new Thread(task, "parley-digest");
                    thread.setDaemon(true);
                    return thread;
                });
        return executor;
    }
}
