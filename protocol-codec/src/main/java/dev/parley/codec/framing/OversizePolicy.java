package dev.parley.codec.framing;

/**
 * What the frame decoder does with a line longer than {@link FramingSpec#maxLineLength()}.
 */
public enum OversizePolicy {
    /**
     * Discard the line's bytes as they arrive, up to and including its delimiter, then emit an {@link OversizedLine}
     * with the line's full length and decode normally again. The peer can be told and the connection stays usable.
     */
    REJECT_AND_SKIP,
    /**
     * Raise a {@link FramingException} as soon as the limit is passed and discard everything after it; the owner of
     * the pipeline is expected to close the connection. The message states the length when the line has ended, and
     * {@code line length: >= n} (a lower bound) when it has not.
     */
    CLOSE
}
