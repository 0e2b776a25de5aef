package dev.parley.agent.client;

import dev.parley.agent.fs.FileMode;
import dev.parley.agent.fs.HashAlgorithm;
import dev.parley.agent.fs.ParallelDigest;
import dev.parley.agent.fs.Writeback;
import dev.parley.client.BodySink;
import dev.parley.client.Reply;
import dev.parley.client.StreamControl;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Receives a pulled file: the session's event loop queues the chunks (and pauses reading while more than
 * {@value #HIGH_WATER} bytes wait), and the calling thread writes them to a temporary file next to the target while
 * a {@link ParallelDigest} computes their SHA-256 beside it. Then it checks the length, has the digest checked
 * (against the agent's), gives the file the permission bits the reply announced ({@code mode=0644}, if any) and
 * renames it into place. Disk writes never run on the event loop. If the session offers no {@link StreamControl}, the chunks are written as they arrive instead, which
 * holds the event loop for the time of each disk write but keeps memory bounded. One instance per pull.
 */
final class PullReceiver implements BodySink {

    static final long HIGH_WATER = 8L * 1024 * 1024;
    static final long LOW_WATER = 2L * 1024 * 1024;
    private static final long POLL_MILLIS = 20;

    /** Checks the SHA-256 of the bytes written before the file is moved into place. */
    @FunctionalInterface
    interface Verifier {
        /**
         * @param sha256 the digest of what was written, in hex
         * @throws TransferIntegrityException (or another exception) to fail the pull
         */
        void verify(String sha256) throws IOException;
    }

    private final Path target;
    private final Verifier verifier;
    private final Path temp;
    private final FileChannel channel;
    private final Writeback writeback;
    private final ParallelDigest digest = new ParallelDigest(HashAlgorithm.SHA256.newDigest());
    private final LinkedBlockingQueue<ByteBuf> chunks = new LinkedBlockingQueue<>();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean paused = new AtomicBoolean();
    private volatile StreamControl control;
    private volatile long announced = -1;
    private volatile long written;
    private volatile int mode = FileMode.UNKNOWN;
    private String sha256;

    PullReceiver(Path target, Verifier verifier) throws IOException {
        this.target = target;
        this.verifier = verifier;
        Path dir = target.toAbsolutePath().getParent();
        this.temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".parley-pull");
        this.channel = FileChannel.open(temp, StandardOpenOption.WRITE);
        this.writeback = new Writeback(channel);
    }

    @Override
    public void onStart(Reply head, long bodyLength, StreamControl control) {
        this.control = control;
        this.announced = bodyLength;
        this.mode = Listings.mode(head.args(), 0);
    }

    @Override
    public void onChunk(ByteBuf chunk) throws IOException, InterruptedException {
        if (control == null) {
            // No way to pause the connection (the session gave no StreamControl): write here, so that the event
            // loop reads no further until the bytes are on disk and memory stays bounded.
            write(chunk.retain());
            return;
        }
        chunks.add(chunk.retain());
        if (pending.addAndGet(chunk.readableBytes()) > HIGH_WATER && paused.compareAndSet(false, true)) {
            control.pause();
        }
    }

    /**
     * Writes chunks until the call is over, then checks the length and the digest, sets the mode and moves the file
     * into place. On any failure the temporary file is deleted and the target left as it was.
     *
     * @param call the pull's reply
     * @param deadlineNanos when to give up, on the {@link System#nanoTime()} scale
     * @return the byte count; {@link #sha256()} has the digest
     * @throws IOException if the local file cannot be written
     * @throws java.util.concurrent.TimeoutException if the deadline passes
     * @throws java.util.concurrent.ExecutionException if the call failed
     * @throws InterruptedException if interrupted
     */
    long drainInto(CompletableFuture<Reply> call, long deadlineNanos) throws Exception {
        boolean done = false;
        try {
            drain(call, deadlineNanos);
            call.get(0, TimeUnit.NANOSECONDS);
            long expected = announced;
            if (expected != written) {
                throw new TransferIntegrityException("pull: received " + written + " bytes (expected: " + expected
                        + ")");
            }
            channel.force(true);          // the digest thread finishes meanwhile
            channel.close();
            sha256 = Hashes.hex(digest.digest());
            verifier.verify(sha256);
            if (mode != FileMode.UNKNOWN) {
                FileMode.write(temp, FileMode.applied(mode, 0, false));
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
            return written;
        } finally {
            if (!done) {
                discard();
            }
        }
    }

    /** @return the SHA-256 of the bytes written, in hex, once {@link #drainInto} succeeded */
    String sha256() {
        return sha256;
    }

    private void drain(CompletableFuture<Reply> call, long deadlineNanos) throws Exception {
        for (;;) {
            ByteBuf chunk = chunks.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (chunk != null) {
                write(chunk);
                continue;
            }
            if (call.isDone() && chunks.isEmpty()) {
                return;
            }
            resumeIfDrained();
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new java.util.concurrent.TimeoutException("pull: deadline passed");
            }
        }
    }

    private void write(ByteBuf chunk) throws IOException, InterruptedException {
        int n = chunk.readableBytes();
        try {
            for (ByteBuffer buffer : chunk.nioBuffers()) {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        } catch (IOException | RuntimeException e) {
            chunk.release();
            throw e;
        }
        digest.update(chunk);             // takes the chunk over: released once digested
        written += n;
        writeback.wrote(n);
        if (control != null) {
            pending.addAndGet(-n);
            resumeIfDrained();
        }
    }

    private void resumeIfDrained() {
        if (control != null && pending.get() < LOW_WATER && paused.compareAndSet(true, false)) {
            control.resume();
        }
    }

    private void discard() throws IOException {
        digest.discard();
        ByteBuf c;
        while ((c = chunks.poll()) != null) {
            c.release();
        }
        if (control != null && paused.compareAndSet(true, false)) {
            control.resume();
        }
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
