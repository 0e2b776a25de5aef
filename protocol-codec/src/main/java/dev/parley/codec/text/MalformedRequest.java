package dev.parley.codec.text;

import dev.parley.codec.spi.Failure;
import dev.parley.codec.spi.RejectedRequest;

/**
 * Emitted by {@link ParleyRequestDecoder} in place of a request that cannot be served as sent: the server answers it
 * with {@code ERR <code> <message>} in its turn, like any other request, and the connection stays usable.
 *
 * @param code {@link ErrorCode#BAD_REQUEST}, {@link ErrorCode#TOO_LONG} or {@link ErrorCode#TOO_LARGE}
 * @param message what was wrong, with the value and the bound where there is one
 * @param bodyFollows whether the line announced a raw body whose chunks still follow and must be dropped (a
 *                    {@code TOO_LARGE} body is discarded by the framing and does not follow)
 */
public record MalformedRequest(ErrorCode code, String message, boolean bodyFollows) implements RejectedRequest {

    /** @return the neutral failure for the code: the one {@link ParleyFailures} maps back to it */
    @Override
    public Failure failure() {
        return ParleyFailures.failure(code);
    }

    /**
     * Returns the reply a server sends for it.
     *
     * @return {@code ERR <code> <message>}
     */
    public ParleyReply toReply() {
        return ParleyReply.error(code, message);
    }
}
