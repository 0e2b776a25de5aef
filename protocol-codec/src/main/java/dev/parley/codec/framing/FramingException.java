package dev.parley.codec.framing;

import io.netty.handler.codec.DecoderException;

/**
 * The byte stream broke the framing rules and can no longer be trusted: an oversized line under
 * {@link OversizePolicy#CLOSE}, a malformed block announcement ({@link MalformedAnnouncementException}), or input
 * that ended in the middle of a line or block ({@link TruncatedInputException}). The usual reaction is to answer
 * once, where the protocol can, and close the connection (and, on a client, reconnect).
 */
public class FramingException extends DecoderException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, with the value and the bound
     */
    public FramingException(String message) {
        super(message);
    }
}
