package dev.parley.codec.framing;

/**
 * What the frame decoder does with a line longer than {@link FramingSpec#maxLineLength()}.
 */
public enum OversizePolicy {
    /**
     * Emit an {@link OversizedLine} as soon as the limit is passed, discard bytes up to and including the next
     * delimiter, then decode normally again. The peer can be told and the connection stays usable.
     */
    REJECT_AND_SKIP,
    /**
     * Raise a {@link FramingException} and discard everything after it; the owner of the pipeline is expected to
     * close the connection.
     */
    CLOSE
}
