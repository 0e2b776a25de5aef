package dev.parley.codec.text;

import io.netty.handler.codec.DecoderException;

/**
 * The peer sent something that is not Parley text protocol v1 where a reply was expected. The stream can no longer
 * be trusted: close the connection.
 */
public final class ParleyProtocolException extends DecoderException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was received and what was expected
     */
    public ParleyProtocolException(String message) {
        super(message);
    }
}
