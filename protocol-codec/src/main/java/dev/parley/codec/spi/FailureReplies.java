package dev.parley.codec.spi;

/**
 * A protocol's words for the answers the server's core makes up by itself ({@link Failure}): the core decides when
 * such an answer is due and whether the connection closes after it; the protocol says what is written.
 */
@FunctionalInterface
public interface FailureReplies {

    /**
     * Returns the reply message for a failure, for the protocol's encoder to write.
     *
     * @param failure what happened
     * @param message details in plain words (the value and the bound, a usage), possibly empty
     * @param closes whether the connection closes once the reply is written
     * @return the protocol's reply message, or {@code null} to write nothing (for a closing failure: just close)
     */
    Object reply(Failure failure, String message, boolean closes);
}
