package dev.parley.server;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Opens the file behind a reply body ({@link Reply#okWithFile(FileSource, long, long, String...)}) when that reply is
 * about to be written, not when the handler answers: a connection with many file replies queued holds no file open
 * for them (at most {@link Limits#maxOpenFiles()} while they are sent).
 *
 * <p>{@link #open()} runs on the server's blocking executor, never on an event loop; so do the reads of the file's
 * chunks under TLS. Without TLS the bytes go zero-copy ({@code sendfile}) from the opened channel. The server owns
 * the returned channel and closes it once the body is sent or the connection is gone.
 *
 * <p>The reply line announcing the length goes out only after the open succeeded. If the file cannot be opened, or
 * ends before the announced bytes, the byte stream cannot be kept in sync: the server logs {@code PS030} and closes
 * the connection.
 */
@FunctionalInterface
public interface FileSource {

    /**
     * Opens the file for reading. Called once, on the blocking executor.
     *
     * @return an open channel holding at least the announced range
     * @throws IOException if the file cannot be opened or no longer holds the announced range
     */
    FileChannel open() throws IOException;
}
