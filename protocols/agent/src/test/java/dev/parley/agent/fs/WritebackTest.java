package dev.parley.agent.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The background writeback: one {@code fdatasync} per {@link Writeback#STEP_BYTES} written, never two at once for a
 * file, and never a failure seen by the writer.
 */
class WritebackTest {

    @Test
    void aWritebackStartsOnceAStepOfBytesIsWaiting() throws Exception {
        ForceCountingChannel channel = new ForceCountingChannel();
        channel.release.release(10);
        Writeback writeback = new Writeback(channel);
        writeback.wrote(Writeback.STEP_BYTES - 1);
        assertEquals(0, channel.forced.get(), "no writeback before a whole step");
        writeback.wrote(1);
        assertTrue(channel.started.tryAcquire(10, TimeUnit.SECONDS), "a writeback after a whole step");
        assertEquals(false, channel.lastMetadata, "data only: the final force syncs the metadata");
    }

    @Test
    void aSlowWritebackIsNotQueuedBehindByAnother() throws Exception {
        ForceCountingChannel channel = new ForceCountingChannel();
        Writeback writeback = new Writeback(channel);
        writeback.wrote(Writeback.STEP_BYTES);
        assertTrue(channel.started.tryAcquire(10, TimeUnit.SECONDS));
        // The first writeback is still running (held in force): three more steps start none.
        for (int i = 0; i < 3; i++) {
            writeback.wrote(Writeback.STEP_BYTES);
        }
        channel.release.release();
        assertTrue(channel.finished.await(10, TimeUnit.SECONDS));
        assertEquals(1, channel.forced.get());
        channel.release.release();
        // Bytes counted since the last start already make a step: a write after the first one is over starts
        // the second (the first counts as over a moment after its force returns, hence the bounded retry).
        assertTrue(startsAnother(writeback, channel, 1), "writebacks go on once the slow one is done");
        assertEquals(2, channel.forced.get());
    }

    @Test
    void aFailingWritebackIsNotTheWritersProblem() throws Exception {
        ForceCountingChannel channel = new ForceCountingChannel();
        channel.fail = true;
        channel.release.release(10);
        Writeback writeback = new Writeback(channel);
        writeback.wrote(Writeback.STEP_BYTES);
        assertTrue(channel.started.tryAcquire(10, TimeUnit.SECONDS));
        assertTrue(channel.finished.await(10, TimeUnit.SECONDS));
        assertTrue(startsAnother(writeback, channel, Writeback.STEP_BYTES), "the next step still starts one");
    }

    private static boolean startsAnother(Writeback writeback, ForceCountingChannel channel, long bytes)
            throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            writeback.wrote(bytes);
            if (channel.started.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    /** Counts {@link #force} calls and holds each until released; every other operation is unused here. */
    private static final class ForceCountingChannel extends FileChannel {
        final AtomicInteger forced = new AtomicInteger();
        final Semaphore started = new Semaphore(0);
        final Semaphore release = new Semaphore(0);
        final CountDownLatch finished = new CountDownLatch(1);
        volatile boolean lastMetadata = true;
        volatile boolean fail;

        @Override
        public void force(boolean metaData) throws IOException {
            forced.incrementAndGet();
            lastMetadata = metaData;
            started.release();
            try {
                if (!release.tryAcquire(10, TimeUnit.SECONDS)) {
                    throw new IOException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                finished.countDown();
            }
            if (fail) {
                throw new IOException("disk gone");
            }
        }

        @Override
        public int read(ByteBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long position() {
            return 0;
        }

        @Override
        public FileChannel position(long newPosition) {
            return this;
        }

        @Override
        public long size() {
            return 0;
        }

        @Override
        public FileChannel truncate(long size) {
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(ByteBuffer dst, long position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src, long position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void implCloseChannel() {
        }
    }
}
