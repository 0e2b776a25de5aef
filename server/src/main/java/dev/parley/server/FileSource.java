package dev.parley.server;

import dev.parley.codec.text.ErrorCode;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * Opens the file behind a reply body ({@link Reply#okWithFile(FileSource, long, long, String...)}) when that reply is
 * about to be written, not when the handler answers: a connection with many file replies queued holds no file open
 * for them (at most {@link Limits#maxOpenFiles()} while they are sent).
 *
 * <p>{@link #open()} runs on the server's blocking executor, never on an event loop; so do the reads of the file's
 * chunks under TLS. Without TLS the bytes go zero-copy ({@code sendfile}) from the opened channel. The server owns
 * the returned channel and closes it once the body is sent or the connection is gone.
 *
 * <p>The reply line announcing the length goes out only after the open succeeded, so an open that fails costs the
 * connection nothing: the request is answered with an error line instead, in its place in the reply order, and the
 * replies behind it follow. {@link Refused} names the error the client sees; any other failure of the open is
 * answered {@code ERR FAILED} (its details are logged as {@code PS030}, never sent). A file that ends before the
 * announced bytes once its line is out cannot be kept in sync with the stream: the server logs {@code PS030} and
 * closes the connection.
 */
@FunctionalInterface
public interface FileSource {

    /**
     * Opens the file for reading. Called once, on the blocking executor.
     *
     * @return an open channel holding at least the announced range
     * @throws Refused to answer the request with that error instead of the body
     * @throws IOException if the file cannot be opened or no longer holds the announced range (answered
     *         {@code ERR FAILED})
     */
    FileChannel open() throws IOException;

    /**
     * Thrown by {@link #open()} when the file is not to be sent, with the error the client is answered instead
     * ({@code ERR <code> <message>}). The message goes to the client: it must not hold what the client may not see
     * (host paths, say).
     */
    final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        private final ErrorCode code;

        /**
         * Creates a refusal.
         *
         * @param code the error code the client is answered with
         * @param message the error message the client is answered with
         * @param cause what made the open fail, or {@code null}; logged at DEBUG, never sent
         */
        public Refused(ErrorCode code, String message, Throwable cause) {
            super(message, cause);
            this.code = Objects.requireNonNull(code, "code");
        }

        /** @return the error code the client is answered with */
        public ErrorCode code() {
            return code;
        }
    }
}
