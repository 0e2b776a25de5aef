package dev.parley.codec.framing;

import java.util.List;
import java.util.Objects;

/**
 * Immutable description of how a byte stream is cut into lines and counted raw blocks. Build one with
 * {@link #builder()} or start from a factory in {@link Framing}; {@link #newDecoder()} makes the decoder.
 *
 * <p>A line ends at any of the {@link #delimiters()}. A line may announce a raw block (see {@link BlockAnnouncer});
 * then exactly that many bytes follow, delivered as {@link BlockChunk}s, optionally followed by a fixed
 * {@link #blockTrailer()} (memcached's data blocks end with CR LF), before line mode resumes.
 */
public final class FramingSpec {

    /** Default maximum line length in bytes, delimiter excluded: {@value}. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 8192;
    /**
     * Default maximum size of one delivered block chunk: {@value} bytes, the largest read of Netty's adaptive receive
     * allocator. A chunk is a slice of what was read, so a larger bound holds no more memory; a smaller one only cuts
     * one read into more messages.
     */
    public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;
    /** Default maximum announced block length: 1 GiB. */
    public static final long DEFAULT_MAX_BLOCK_LENGTH = 1L << 30;
    /**
     * Default maximum announced length of a block that is skipped rather than delivered: 4 GiB. A block over
     * {@link #maxBlockLength()} but within this limit is discarded byte for byte and the stream stays in sync; one
     * over both limits is a framing violation ({@link MalformedAnnouncementException}).
     */
    public static final long DEFAULT_MAX_SKIP_LENGTH = 1L << 32;
    /** Default oversize policy: reject the line and skip to the next delimiter. */
    public static final OversizePolicy DEFAULT_OVERSIZE_POLICY = OversizePolicy.REJECT_AND_SKIP;

    private final List<Delimiter> delimiters;
    /** The delimiters as every decoder's scanner reads them, worked out once. */
    private final DelimiterScanner.Delimiters scannerDelimiters;
    private final int maxLineLength;
    private final int longLineLength;
    private final List<String> longLinePrefixes;
    private final byte[][] longLinePrefixBytes;
    private final OversizePolicy oversizePolicy;
    private final int chunkSize;
    private final long maxBlockLength;
    private final long maxSkipLength;
    private final BlockAnnouncer blockAnnouncer;
    private final byte[] blockTrailer;

    private FramingSpec(Builder b) {
        this.delimiters = List.copyOf(b.delimiters);
        this.scannerDelimiters = new DelimiterScanner.Delimiters(delimiters);
        this.maxLineLength = b.maxLineLength;
        this.longLinePrefixes = List.copyOf(b.longLinePrefixes);
        this.longLineLength = longLinePrefixes.isEmpty() ? b.maxLineLength : b.longLineLength;
        this.longLinePrefixBytes = new byte[longLinePrefixes.size()][];
        for (int i = 0; i < longLinePrefixBytes.length; i++) {
            longLinePrefixBytes[i] = longLinePrefixes.get(i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        this.oversizePolicy = b.oversizePolicy;
        this.chunkSize = b.chunkSize;
        this.maxBlockLength = b.maxBlockLength;
        this.maxSkipLength = b.maxSkipLength;
        this.blockAnnouncer = b.blockAnnouncer;
        this.blockTrailer = b.blockTrailer.clone();
    }

    /**
     * Returns a builder with the defaults: LF delimiter (CR stripped), 8192-byte lines, reject-and-skip, 64 KiB chunks,
     * 1 GiB blocks, 4 GiB skipped at most, no block announcer, no trailer.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this spec's values.
     *
     * @return a new builder; building it without changes yields an equal spec
     */
    public Builder toBuilder() {
        return new Builder()
                .delimiters(delimiters)
                .maxLineLength(maxLineLength)
                .longLines(longLineLength, longLinePrefixes)
                .oversizePolicy(oversizePolicy)
                .chunkSize(chunkSize)
                .maxBlockLength(maxBlockLength)
                .maxSkipLength(maxSkipLength)
                .blockAnnouncer(blockAnnouncer)
                .blockTrailer(blockTrailer);
    }

    /**
     * Returns a new decoder for one channel. Decoders keep state: never share one between channels.
     *
     * @return a new {@link FrameDecoder}
     */
    public FrameDecoder newDecoder() {
        return new FrameDecoder(this);
    }

    /**
     * Returns a new decoder for one channel that runs a protocol decoder on each frame, inside the framing stage.
     * Decoders keep state: never share one between channels.
     *
     * @param inline the protocol decoder (it may be shared, if it keeps no state)
     * @return a new {@link FrameDecoder}
     */
    public FrameDecoder newDecoder(InlineDecoder inline) {
        return new FrameDecoder(this, java.util.Objects.requireNonNull(inline, "inline"));
    }

    DelimiterScanner.Delimiters scannerDelimiters() {
        return scannerDelimiters;
    }

    /** @return the delimiters, at least one, tried at every position in the order given */
    public List<Delimiter> delimiters() {
        return delimiters;
    }

    /** @return the maximum line length in bytes, delimiter excluded */
    public int maxLineLength() {
        return maxLineLength;
    }

    /**
     * @return the limit of a line that starts with one of {@link #longLinePrefixes()}, at least
     *         {@link #maxLineLength()} (equal to it when there are no such prefixes)
     */
    public int longLineLength() {
        return longLineLength;
    }

    /** @return the starts of the lines that may be up to {@link #longLineLength()} long; empty by default */
    public List<String> longLinePrefixes() {
        return longLinePrefixes;
    }

    /** The limit for a line whose first bytes are at {@code start}, of which {@code available} are in {@code in}. */
    int lineLimit(io.netty.buffer.ByteBuf in, int start, int available) {
        for (byte[] prefix : longLinePrefixBytes) {
            if (available >= prefix.length && startsWith(in, start, prefix)) {
                return longLineLength;
            }
        }
        return maxLineLength;
    }

    private static boolean startsWith(io.netty.buffer.ByteBuf in, int start, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (in.getByte(start + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** @return what happens to an oversized line */
    public OversizePolicy oversizePolicy() {
        return oversizePolicy;
    }

    /** @return the maximum number of bytes in one {@link BlockChunk} */
    public int chunkSize() {
        return chunkSize;
    }

    /** @return the largest announced block that is delivered; larger ones are skipped (see {@link LineFrame}) */
    public long maxBlockLength() {
        return maxBlockLength;
    }

    /**
     * @return the largest announced block over {@link #maxBlockLength()} that is skipped; a block over both limits
     *         is a framing violation
     */
    public long maxSkipLength() {
        return maxSkipLength;
    }

    /**
     * Returns the largest block length a line may announce without breaking the framing: the larger of
     * {@link #maxBlockLength()} and {@link #maxSkipLength()}.
     *
     * @return the bound stated in the message of a {@link MalformedAnnouncementException} for a count too large
     */
    public long maxAnnouncedLength() {
        return Math.max(maxBlockLength, maxSkipLength);
    }

    /** @return the announcer that finds raw blocks */
    public BlockAnnouncer blockAnnouncer() {
        return blockAnnouncer;
    }

    /** @return a copy of the bytes expected after every block; empty for none */
    public byte[] blockTrailer() {
        return blockTrailer.clone();
    }

    byte[] rawBlockTrailer() {
        return blockTrailer;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FramingSpec)) {
            return false;
        }
        FramingSpec s = (FramingSpec) o;
        return delimiters.equals(s.delimiters) && maxLineLength == s.maxLineLength
                && longLineLength == s.longLineLength && longLinePrefixes.equals(s.longLinePrefixes)
                && oversizePolicy == s.oversizePolicy && chunkSize == s.chunkSize
                && maxBlockLength == s.maxBlockLength && maxSkipLength == s.maxSkipLength
                && blockAnnouncer.equals(s.blockAnnouncer)
                && java.util.Arrays.equals(blockTrailer, s.blockTrailer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(delimiters, maxLineLength, longLineLength, longLinePrefixes, oversizePolicy, chunkSize,
                maxBlockLength, maxSkipLength, blockAnnouncer);
    }

    @Override
    public String toString() {
        return "FramingSpec{delimiters=" + delimiters + ", maxLineLength=" + maxLineLength
                + (longLinePrefixes.isEmpty() ? "" : ", longLineLength=" + longLineLength + " for " + longLinePrefixes)
                + ", oversizePolicy=" + oversizePolicy + ", chunkSize=" + chunkSize
                + ", maxBlockLength=" + maxBlockLength + ", maxSkipLength=" + maxSkipLength
                + ", blockTrailer=" + blockTrailer.length + " bytes}";
    }

    /** Builder for {@link FramingSpec}. Not thread-safe. */
    public static final class Builder {
        private List<Delimiter> delimiters = List.of(Delimiter.lf());
        private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;
        private int longLineLength;
        private List<String> longLinePrefixes = List.of();
        private OversizePolicy oversizePolicy = DEFAULT_OVERSIZE_POLICY;
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private long maxBlockLength = DEFAULT_MAX_BLOCK_LENGTH;
        private long maxSkipLength = DEFAULT_MAX_SKIP_LENGTH;
        private BlockAnnouncer blockAnnouncer = BlockAnnouncer.NONE;
        private byte[] blockTrailer = new byte[0];

        private Builder() {
        }

        /**
         * Sets the delimiters. Default: {@link Delimiter#lf()}.
         *
         * @param delimiters one or more delimiters
         * @return this builder
         */
        public Builder delimiters(Delimiter... delimiters) {
            return delimiters(List.of(delimiters));
        }

        /**
         * Sets the delimiters. Default: {@link Delimiter#lf()}.
         *
         * @param delimiters one or more delimiters
         * @return this builder
         */
        public Builder delimiters(List<Delimiter> delimiters) {
            this.delimiters = List.copyOf(delimiters);
            return this;
        }

        /**
         * Sets the maximum line length in bytes, delimiter excluded. Default: {@value #DEFAULT_MAX_LINE_LENGTH}.
         *
         * @param maxLineLength a positive length
         * @return this builder
         */
        public Builder maxLineLength(int maxLineLength) {
            this.maxLineLength = maxLineLength;
            return this;
        }

        /**
         * Lets lines that start with one of some prefixes be longer than {@link #maxLineLength(int)}: memcached reads
         * a {@code get} of thousands of keys, while it closes on any other command line of a few KiB. The prefix is
         * checked only once a line passes the ordinary limit, so ordinary lines pay nothing for it. Default: none.
         *
         * @param longLineLength the limit of such lines, at least the ordinary one
         * @param prefixes       ASCII starts of such lines (e.g. {@code "get "}), at least one
         * @return this builder
         */
        public Builder longLines(int longLineLength, List<String> prefixes) {
            for (String prefix : prefixes) {
                if (prefix.isEmpty() || !java.nio.charset.StandardCharsets.US_ASCII.newEncoder().canEncode(prefix)) {
                    throw new IllegalArgumentException("prefix: \"" + prefix + "\" (expected: non-empty ASCII)");
                }
            }
            this.longLineLength = longLineLength;
            this.longLinePrefixes = List.copyOf(prefixes);
            return this;
        }

        /**
         * Sets what happens to an oversized line. Default: {@link OversizePolicy#REJECT_AND_SKIP}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder oversizePolicy(OversizePolicy policy) {
            this.oversizePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets the maximum size of a delivered block chunk. Default: {@value #DEFAULT_CHUNK_SIZE}.
         *
         * @param chunkSize a positive size in bytes
         * @return this builder
         */
        public Builder chunkSize(int chunkSize) {
            this.chunkSize = chunkSize;
            return this;
        }

        /**
         * Sets the largest announced block that is delivered; a larger one, up to {@link #maxSkipLength(long)}, is
         * discarded byte for byte so the stream stays in sync, and its line is flagged
         * {@link LineFrame#blockRejected()}. Default: 1 GiB ({@link #DEFAULT_MAX_BLOCK_LENGTH}).
         *
         * @param maxBlockLength a length {@code >= 0}
         * @return this builder
         */
        public Builder maxBlockLength(long maxBlockLength) {
            this.maxBlockLength = maxBlockLength;
            return this;
        }

        /**
         * Sets the largest announced block over {@link #maxBlockLength(long)} that is still skipped byte for byte. A
         * line announcing more than both limits is a framing violation: the decoder raises
         * {@link MalformedAnnouncementException} and discards everything after it, instead of spending the rest of
         * the connection discarding a count such as {@code {999999999999999999}}. A value at or below the block limit
         * means no block is skipped: every block over the limit is a violation. Default: 4 GiB
         * ({@link #DEFAULT_MAX_SKIP_LENGTH}).
         *
         * @param maxSkipLength a length {@code >= 0}
         * @return this builder
         */
        public Builder maxSkipLength(long maxSkipLength) {
            this.maxSkipLength = maxSkipLength;
            return this;
        }

        /**
         * Sets the announcer that finds raw blocks after lines. Default: {@link BlockAnnouncer#NONE}.
         *
         * @param announcer the announcer
         * @return this builder
         */
        public Builder blockAnnouncer(BlockAnnouncer announcer) {
            this.blockAnnouncer = Objects.requireNonNull(announcer, "announcer");
            return this;
        }

        /**
         * Sets bytes that must follow every block (memcached: CR LF). Default: none.
         *
         * @param trailer the trailer bytes, possibly empty; copied
         * @return this builder
         */
        public Builder blockTrailer(byte... trailer) {
            this.blockTrailer = trailer.clone();
            return this;
        }

        /**
         * Builds the spec.
         *
         * @return the immutable spec
         * @throws IllegalArgumentException if a value is out of range
         */
        public FramingSpec build() {
            if (delimiters.isEmpty()) {
                throw new IllegalArgumentException("delimiters: 0 (expected: >= 1)");
            }
            if (maxLineLength <= 0) {
                throw new IllegalArgumentException("maxLineLength: " + maxLineLength + " (expected: > 0)");
            }
            if (!longLinePrefixes.isEmpty() && longLineLength < maxLineLength) {
                throw new IllegalArgumentException("longLineLength: " + longLineLength + " (expected: >= maxLineLength "
                        + maxLineLength + ")");
            }
            if (chunkSize <= 0) {
                throw new IllegalArgumentException("chunkSize: " + chunkSize + " (expected: > 0)");
            }
            if (maxBlockLength < 0) {
                throw new IllegalArgumentException("maxBlockLength: " + maxBlockLength + " (expected: >= 0)");
            }
            if (maxSkipLength < 0) {
                throw new IllegalArgumentException("maxSkipLength: " + maxSkipLength + " (expected: >= 0)");
            }
            return new FramingSpec(this);
        }
    }
}
