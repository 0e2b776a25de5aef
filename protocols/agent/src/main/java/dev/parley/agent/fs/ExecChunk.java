package dev.parley.agent.fs;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A piece of a program's output and the stream it was written to, as {@link ExecRunner#runSeparated} keeps them.
 */
public final class ExecChunk {

    /**
     * The largest record in the body of the agent's {@code run} reply: {@value} bytes; longer chunks go as several
     * records, and a reader rejects a longer one as a framing violation.
     */
    public static final int MAX_RECORD_LENGTH = 65536;

    /** The stream a chunk came from. */
    public enum Stream {
        /** Standard output. */
        OUT("out"),
        /** Standard error. */
        ERR("err");

        private final String word;

        Stream(String word) {
            this.word = word;
        }

        /**
         * Returns the stream's label on the wire.
         *
         * @return {@code out} or {@code err}
         */
        public String word() {
            return word;
        }
    }

    private final Stream stream;
    private final byte[] bytes;

    /**
     * Creates a chunk.
     *
     * @param stream the stream
     * @param bytes the bytes; copied
     */
    public ExecChunk(Stream stream, byte[] bytes) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.bytes = bytes.clone();
    }

    /**
     * Returns the stream the bytes were written to.
     *
     * @return the stream
     */
    public Stream stream() {
        return stream;
    }

    /**
     * Returns the bytes.
     *
     * @return a copy of the bytes
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * Returns the number of bytes.
     *
     * @return the length
     */
    public int length() {
        return bytes.length;
    }

    @Override
    public String toString() {
        return stream.word() + ": " + new String(bytes, StandardCharsets.UTF_8);
    }
}
