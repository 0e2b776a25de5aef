package dev.parley.codec.framing;

/**
 * The input ended (the channel went inactive) in the middle of a line or a raw block.
 */
public final class TruncatedInputException extends FramingException {

    private static final long serialVersionUID = 1L;

    /** Where the input ended. */
    public enum Part {
        /** Inside a line: bytes were received but no delimiter. */
        LINE,
        /** Inside an announced raw block (or its trailer). */
        BLOCK
    }

    private final Part part;
    private final long received;
    private final long expected;

    /**
     * Creates the exception.
     *
     * @param part where the input ended
     * @param received bytes of the line or block received
     * @param expected bytes the block announced, or {@code -1} for a line
     */
    public TruncatedInputException(Part part, long received, long expected) {
        super(part == Part.LINE
                ? "input ended in the middle of a line after " + received + " bytes"
                : "input ended in the middle of a raw block: " + received + " of " + expected + " bytes");
        this.part = part;
        this.received = received;
        this.expected = expected;
    }

    /** @return where the input ended */
    public Part part() {
        return part;
    }

    /** @return the bytes of the unfinished line or block that were received */
    public long received() {
        return received;
    }

    /** @return the announced block length, or {@code -1} for a line */
    public long expected() {
        return expected;
    }
}
