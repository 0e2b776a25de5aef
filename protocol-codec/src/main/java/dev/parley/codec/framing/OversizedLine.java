package dev.parley.codec.framing;

/**
 * Emitted by the frame decoder, in place of a line, when a line passes the maximum length under
 * {@link OversizePolicy#REJECT_AND_SKIP}. Its bytes are discarded as they arrive and it is emitted when its delimiter
 * does, in the line's place in the stream; the next line decodes normally.
 *
 * @param length the line's full length in bytes, delimiter (and stripped CR) excluded, however the input was split
 *               into reads
 * @param maxLength the limit in force
 */
public record OversizedLine(long length, int maxLength) {

    /**
     * Returns a message in the house style.
     *
     * @return for example {@code line length: 9000 (expected: <= 8192)}
     */
    public String message() {
        return "line length: " + length + " (expected: <= " + maxLength + ")";
    }
}
