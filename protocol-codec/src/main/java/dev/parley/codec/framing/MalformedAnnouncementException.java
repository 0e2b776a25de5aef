package dev.parley.codec.framing;

/**
 * A line announced a counted raw block that cannot be read: its count is not a valid count (for the Parley
 * announcer, a last token {@code {...}} whose inside is not 1 to 18 decimal digits), or the block is too large to be
 * skipped ({@link FramingSpec#maxSkipLength()}). The peer meant a block to follow, but where it ends is unknown, so
 * no byte after the line can be trusted: {@link FrameDecoder} raises this once, before the line is passed on, and
 * discards everything after it. The owner of the pipeline answers once, if the protocol has a way to, and closes the
 * connection (the Parley server sends {@code BYE PROTOCOL <message>}; a client fails the request with a protocol
 * error and reconnects).
 *
 * <p>A {@link BlockAnnouncer} throws it to say "malformed announcement", as opposed to returning
 * {@link BlockAnnouncer#NO_BLOCK}.
 */
public final class MalformedAnnouncementException extends FramingException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was announced and what was expected, e.g.
     *                {@code block length: {-1} (expected: {n} with n of 1 to 18 decimal digits)}
     */
    public MalformedAnnouncementException(String message) {
        super(message);
    }

    /**
     * Creates the exception for an announcer that failed with another exception.
     *
     * @param message what went wrong
     * @param cause the announcer's exception
     */
    public MalformedAnnouncementException(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }
}
