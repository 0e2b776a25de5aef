package dev.parley.codec.framing;

/**
 * Emitted by the frame decoder, in place of a line, when a line passes the maximum length under
 * {@link OversizePolicy#REJECT_AND_SKIP}. The rest of the line is discarded; the next line decodes normally.
 *
 * @param length the number of bytes seen when the limit was passed (a lower bound of the real length)
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
