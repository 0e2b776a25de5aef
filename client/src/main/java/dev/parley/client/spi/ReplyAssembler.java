package dev.parley.client.spi;

import dev.parley.client.ParleyClientException;
import dev.parley.client.Reply;

/**
 * Builds complete replies from the decoded messages of one connection, for the session's request queue: it says
 * when a response is complete and whether it is a success, an error (transient or not, through its
 * {@link dev.parley.codec.text.ErrorCode}) or a goodbye. The session feeds it the messages that follow the
 * greeting, in order, on the event loop; a new assembler serves each connection. This is the seam that lets a
 * protocol with its own {@link dev.parley.codec.pipeline.ProtocolCodec} (memcached's {@code VALUE ... END}, for
 * example) reuse the queue, deadlines, retries and reconnects.
 */
public interface ReplyAssembler {

    /**
     * Feeds one decoded inbound message.
     *
     * @param message the message; the assembler owns it and must release it if it is reference-counted
     * @param body where the body of the reply being assembled goes
     * @return the complete reply (its body, if any, was given to {@code body}), or {@code null} while more messages
     *         are needed
     * @throws Exception when the message breaks the protocol; the session fails the request with
     *                   {@link ParleyClientException#PROTOCOL} and reconnects
     */
    Reply onMessage(Object message, BodyTarget body) throws Exception;
}
