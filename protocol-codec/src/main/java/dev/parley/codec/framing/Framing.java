package dev.parley.codec.framing;

/**
 * Factories for common framings. Each returns a builder, so limits can still be changed.
 */
public final class Framing {

    private Framing() {
    }

    /**
     * Returns lines ending at LF, one preceding CR removed, without raw blocks.
     *
     * @return a builder with the defaults of {@link FramingSpec#builder()}
     */
    public static FramingSpec.Builder lines() {
        return FramingSpec.builder();
    }

    /**
     * Returns lines ending strictly at CR LF, without raw blocks.
     *
     * @return a builder
     */
    public static FramingSpec.Builder crlf() {
        return FramingSpec.builder().delimiters(Delimiter.crlf());
    }

    /**
     * Returns lines ending at any of the given delimiters, without raw blocks.
     *
     * @param delimiters one or more delimiters
     * @return a builder
     */
    public static FramingSpec.Builder delimited(Delimiter... delimiters) {
        return FramingSpec.builder().delimiters(delimiters);
    }

    /**
     * Returns the Parley text protocol v1 framing: LF lines (CR stripped) where a trailing {@code {n}} announces a
     * raw block of n bytes.
     *
     * @return a builder
     */
    public static FramingSpec.Builder parley() {
        return FramingSpec.builder().blockAnnouncer(BlockAnnouncer.parley());
    }
}
