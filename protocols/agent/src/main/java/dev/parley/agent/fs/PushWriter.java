package dev.parley.agent.fs;

import dev.parley.codec.text.ErrorCode;
import io.netty.buffer.ByteBuf;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upload in progress ({@code push}). Bytes go to a temporary file in the agent's staging directory
 * ({@code <root>/}{@value Sandbox#STAGING_DIRECTORY}, which no client can list or address), named
 * {@value #TEMP_PREFIX}{@code <random>}{@value #TEMP_SUFFIX}, while their SHA-256 is computed; {@link #commit()}
 * forces them to disk and renames the temporary file over the target in one atomic step ({@code renameat} into the
 * target's directory, held open since the upload began), so the target path never holds a partial file. The disk
 * writes start while the bytes still arrive ({@link Writeback}), so that force has little left to wait for.
 * {@link #abort()}, or {@link #close()} without a commit, deletes the temporary file and leaves the target as it was.
 * A temporary file left by a crash is removed when the next agent starts on the root.
 *
 * <p>Not thread-safe: one upload is fed by one connection at a time.
 */
public final class PushWriter implements Closeable {

    /** The name prefix of upload temporary files. */
    public static final String TEMP_PREFIX = ".parley-push-";

    /** The name suffix of upload temporary files. */
    public static final String TEMP_SUFFIX = ".tmp";

    private static final Logger log = LoggerFactory.getLogger("parley.agent.fs");

    private enum State { OPEN, COMMITTED, ABORTED }

    private final String virtualPath;
    private final Staging staging;
    private final String temp;
    private final Location target;
    private final long expectedLength;
    private final FileChannel channel;
    private final int mode;
    private final ParallelDigest digest = new ParallelDigest(HashAlgorithm.SHA256.newDigest());
    private final Writeback writeback;
    private long written;
    private State state = State.OPEN;

    PushWriter(String virtualPath, Staging staging, Staging.Temp temp, Location target, long expectedLength,
               int mode) {
        this.virtualPath = virtualPath;
        this.staging = staging;
        this.temp = temp.name();
        this.channel = temp.channel();
        this.writeback = new Writeback(channel);
        this.target = target;
        this.expectedLength = expectedLength;
        this.mode = mode;
    }

    /**
     * Returns the virtual path of the target.
     *
     * @return the target's virtual path
     */
    public String virtualPath() {
        return virtualPath;
    }

    /**
     * Returns the number of bytes announced by the client.
     *
     * @return the expected length, or {@code -1} if none was announced
     */
    public long expectedLength() {
        return expectedLength;
    }

    /**
     * Returns the permission bits the file gets when committed.
     *
     * @return 0 to {@code 0777}, or {@link FileMode#UNKNOWN} for the staging default
     */
    public int mode() {
        return mode;
    }

    /**
     * Returns how many bytes were written so far.
     *
     * @return the byte count
     */
    public long written() {
        return written;
    }

    /**
     * Writes all remaining bytes of a buffer; the buffer's position moves to its limit.
     *
     * @param buffer the bytes to append
     * @throws SandboxException {@link ErrorCode#BAD_ARGS} if the bytes go past the announced length,
     *                          {@link ErrorCode#FAILED} on an I/O error; either way the upload is aborted
     * @throws IllegalStateException if the upload was already committed or aborted
     */
    public void write(ByteBuffer buffer) throws SandboxException {
        ByteBuffer forDigest = buffer.duplicate();
        int n = append(buffer);
        try {
            digest.updateHere(forDigest);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
        writeback.wrote(n);
    }

    /**
     * Writes a chunk's readable bytes, and digests them on another thread while the next chunk is written
     * ({@link ParallelDigest}). The chunk's indexes do not move and the caller keeps its reference: the digest
     * takes a reference of its own.
     *
     * @param chunk the bytes to append
     * @throws SandboxException as {@link #write(ByteBuffer)}
     * @throws IllegalStateException if the upload was already committed or aborted
     */
    public void write(ByteBuf chunk) throws SandboxException {
        int n = 0;
        for (ByteBuffer buffer : chunk.nioBuffers()) {
            n += append(buffer);
        }
        try {
            digest.update(chunk.retainedSlice());
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
        writeback.wrote(n);
    }

    /**
     * Writes a buffer to the temporary file and counts it, so that the next buffer of the same chunk is checked against
     * the announced length too; the caller digests it.
     */
    private int append(ByteBuffer buffer) throws SandboxException {
        ensureOpen();
        int n = buffer.remaining();
        if (expectedLength >= 0 && written + n > expectedLength) {
            abort();
            throw new SandboxException(ErrorCode.BAD_ARGS, "push " + virtualPath + ": length: " + (written + n)
                    + " bytes (expected: " + expectedLength + ")");
        }
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            abort();
            throw new SandboxException(ErrorCode.FAILED, "push " + virtualPath + ": write failed: "
                    + e.getClass().getSimpleName(), e);
        }
        written += n;
        return n;
    }

    private SandboxException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        abort();
        return new SandboxException(ErrorCode.FAILED, "push " + virtualPath + ": interrupted", e);
    }

    /**
     * Writes a slice of an array.
     *
     * @param bytes  the array
     * @param offset where the slice starts
     * @param length how many bytes to write
     * @throws SandboxException as {@link #write(ByteBuffer)}
     */
    public void write(byte[] bytes, int offset, int length) throws SandboxException {
        write(ByteBuffer.wrap(bytes, offset, length));
    }

    /**
     * Writes a whole array.
     *
     * @param bytes the bytes to append
     * @throws SandboxException as {@link #write(ByteBuffer)}
     */
    public void write(byte[] bytes) throws SandboxException {
        write(ByteBuffer.wrap(bytes));
    }

    /**
     * Finishes the upload: checks the length against the announced one, forces the data to disk and atomically
     * renames the temporary file over the target (replacing an existing file). A {@link #mode()} is set on the
     * temporary file first (relative to the agent's private staging directory, never following a link), so the
     * target never holds the new bytes with other permissions; a file system without POSIX permissions keeps its
     * default.
     *
     * @return the target's virtual path, the byte count and the SHA-256 of the bytes
     * @throws SandboxException {@link ErrorCode#FAILED} if fewer bytes arrived than announced or the data could not
     *                          be stored; the upload is then aborted and the target left as it was
     * @throws IllegalStateException if the upload was already committed or aborted
     */
    public PushResult commit() throws SandboxException {
        ensureOpen();
        if (expectedLength >= 0 && written != expectedLength) {
            abort();
            throw new SandboxException(ErrorCode.FAILED, "push " + virtualPath + ": length: " + written
                    + " bytes (expected: " + expectedLength + ")");
        }
        String sha256;
        try {
            channel.force(true);          // the digest thread finishes meanwhile
            channel.close();
            sha256 = Hex.encode(digest.digest());
            if (mode != FileMode.UNKNOWN) {
                staging.setMode(temp, mode);
            }
            moveIntoPlace();
        } catch (AtomicMoveNotSupportedException e) {
            abort();
            throw new SandboxException(ErrorCode.FAILED, "push " + virtualPath + ": on another file system than "
                    + "the agent's root (uploads are renamed into place from the root's file system)", e);
        } catch (IOException e) {
            abort();
            throw new SandboxException(ErrorCode.FAILED, "push " + virtualPath + ": cannot store the file: "
                    + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
        state = State.COMMITTED;
        target.dir().sync();
        target.close();
        log.debug("push {} committed: {} bytes, sha256 {}", virtualPath, written, sha256);
        return new PushResult(virtualPath, written, sha256);
    }

    private void moveIntoPlace() throws IOException {
        BasicFileAttributes existing = target.attributesOrNull();
        if (existing != null && existing.isDirectory()) {
            throw new FileAlreadyExistsException("target is a directory");
        }
        // One rename(2): readers of the target see the old file or the new one, never a mix.
        staging.moveInto(temp, target.dir(), target.name());
    }

    /**
     * Abandons the upload and deletes the temporary file. Does nothing if the upload is already finished.
     */
    public void abort() {
        if (state != State.OPEN) {
            return;
        }
        state = State.ABORTED;
        digest.discard();
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("push {}: closing the temporary file failed", virtualPath, e);
        }
        try {
            staging.delete(temp);
        } catch (java.nio.file.NoSuchFileException gone) {
            log.debug("push {}: temporary file {} already gone", virtualPath, temp);
        } catch (IOException e) {
            log.warn("push {}: cannot delete temporary file {}", virtualPath, temp, e);
        }
        target.close();
        log.debug("push {} aborted after {} bytes", virtualPath, written);
    }

    /** Aborts the upload unless it was committed. */
    @Override
    public void close() {
        abort();
    }

    private void ensureOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("push " + virtualPath + " is already "
                    + state.name().toLowerCase(Locale.ROOT));
        }
    }
}
