package dev.parley.client;

import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.stream.ChunkedFile;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A request body: bytes in memory or a file streamed from disk. A body is re-readable, so a retried request sends it
 * again from the start. Without TLS a file goes out as a zero-copy {@link DefaultFileRegion}; with TLS as a
 * {@link ChunkedFile}. Immutable.
 */
public abstract class Body {

    /** Chunk size of a file body written through TLS: 64 KiB. */
    public static final int FILE_CHUNK_SIZE = 64 * 1024;

    private Body() {
    }

    /**
     * Returns a body of bytes; the array is copied.
     *
     * @param bytes the bytes
     * @return the body
     */
    public static Body of(byte[] bytes) {
        byte[] copy = bytes.clone();
        return new Body() {
            @Override
            public long length() {
                return copy.length;
            }

            @Override
            Object newMessage(boolean tls) {
                return Unpooled.wrappedBuffer(copy);
            }
        };
    }

    /**
     * Returns a body read from a file at each attempt. Its length is taken now; a file that changes size before the
     * write fails the attempt.
     *
     * @param file a regular file
     * @return the body
     * @throws IOException if the file cannot be read
     */
    public static Body ofFile(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        long length = Files.size(file);
        return new Body() {
            @Override
            public long length() {
                return length;
            }

            @Override
            Object newMessage(boolean tls) throws IOException {
                long now = Files.size(file);
                if (now != length) {
                    throw new IOException("file " + file + " changed size: " + now + " (expected: " + length + ")");
                }
                if (tls) {
                    return new ChunkedFile(new RandomAccessFile(file.toFile(), "r"), 0, length, FILE_CHUNK_SIZE);
                }
                return new DefaultFileRegion(file.toFile(), 0, length);
            }
        };
    }

    /** @return the body length in bytes */
    public abstract long length();

    /**
     * Returns a fresh message that writes the body once.
     *
     * @param tls whether the connection is encrypted (no zero-copy file transfer then)
     * @return a {@code ByteBuf}, a {@code FileRegion} or a {@code ChunkedInput}; the caller owns it
     * @throws IOException if the source cannot be opened
     */
    abstract Object newMessage(boolean tls) throws IOException;
}
