package dev.parley.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;
import org.opentest4j.AssertionFailedError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Proves that an inbound pipeline decodes the same messages however its input is cut into reads.
 *
 * <p>{@link #assertFragmentationInvariant()} feeds the same bytes to fresh handlers on an {@link EmbeddedChannel}
 * in several chunkings: whole; one byte at a time; split in two at every position (at most
 * {@link Builder#maxSplitPoints(int)} positions, evenly spread over longer inputs); and
 * {@link Builder#randomRuns(int)} random chunkings drawn from a seed. After each read it drains everything decoded
 * ({@code readInbound()} until {@code null}); an exception the pipeline raises is recorded in place, in the same list,
 * and feeding continues. With {@link Builder#finishAtEnd()} the channel is then finished as if the peer closed, and
 * what that produces (more messages, a truncation error) is recorded too.
 *
 * <p>Each run's messages go through the normaliser (by default {@link Normalizers#describeAll(Function)} with
 * {@link Normalizers#describe(Object)}), which owns and releases them and returns plain values; see
 * {@link Normalizers#mergeChunks(Class, java.util.function.Predicate)} for streamed chunks whose boundaries
 * legitimately follow the reads. All runs must yield equal lists; the first run's list is returned for further
 * assertions. A failure names the chunking and the seed; {@link Builder#seed(long)} or the system property
 * {@value #SEED_PROPERTY} replays it.
 *
 * <p>Every run must end clean: the channel is finished and anything left inbound or outbound, or an exception raised
 * by a finish the test did not ask for, fails the run (after being released).
 *
 * <pre>{@code
 * List<?> lines = CodecHarness.builder(() -> new ChannelHandler[] {spec.newDecoder()})
 *         .input("a\nb\n")
 *         .build()
 *         .assertFragmentationInvariant();
 * }</pre>
 */
public final class CodecHarness {

    /** Default cap on the number of two-piece splits: {@value}. */
    public static final int DEFAULT_MAX_SPLIT_POINTS = 4096;
    /** Default number of random chunkings: {@value}. */
    public static final int DEFAULT_RANDOM_RUNS = 16;
    /** System property that fixes the random seed, to replay a failure: {@value}. */
    public static final String SEED_PROPERTY = "parley.harness.seed";

    private static final Logger logger = LoggerFactory.getLogger("parley.testkit");

    private final Supplier<ChannelHandler[]> handlers;
    private final byte[] input;
    private final Function<List<Object>, ? extends List<?>> normalizer;
    private final boolean finishAtEnd;
    private final int maxSplitPoints;
    private final int randomRuns;
    private final long seed;

    private CodecHarness(Builder b) {
        this.handlers = b.handlers;
        this.input = b.input;
        this.normalizer = b.normalizer;
        this.finishAtEnd = b.finishAtEnd;
        this.maxSplitPoints = b.maxSplitPoints;
        this.randomRuns = b.randomRuns;
        this.seed = b.seed != null ? b.seed : defaultSeed();
    }

    /**
     * Starts a harness for the given pipeline.
     *
     * @param handlers makes a fresh set of handlers for each run; called once per run
     * @return a new builder
     */
    public static Builder builder(Supplier<ChannelHandler[]> handlers) {
        return new Builder(handlers);
    }

    /**
     * Returns the seed of the random chunkings.
     *
     * @return the seed given to the builder, else the value of {@value #SEED_PROPERTY}, else a random one
     */
    public long seed() {
        return seed;
    }

    /**
     * Runs every chunking and asserts they all yield the same normalised messages.
     *
     * @return the normalised messages of the whole-input run
     * @throws AssertionFailedError if a run differs from the first, or a run does not end clean; the message names
     *                              the chunking and the seed
     */
    public List<?> assertFragmentationInvariant() {
        logger.debug("codec harness: {} bytes, seed {}", input.length, seed);
        List<?> reference = run("whole input", new int[0]);
        if (input.length > 1) {
            int[] everyByte = new int[input.length - 1];
            for (int i = 0; i < everyByte.length; i++) {
                everyByte[i] = i + 1;
            }
            compare(reference, "one byte at a time", everyByte);
            for (int cut : splitPoints()) {
                compare(reference, "split at " + cut, new int[] {cut});
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < randomRuns; i++) {
            compare(reference, "random chunking #" + i, randomCuts(random));
        }
        return reference;
    }

    /**
     * Runs one chunking given by its chunk sizes (the last chunk takes whatever input remains) and returns its
     * normalised messages, with the same clean-end checks as {@link #assertFragmentationInvariant()}.
     *
     * @param chunkSizes sizes of the leading chunks, each {@code > 0}, together at most the input length
     * @return the normalised messages
     * @throws IllegalArgumentException if the sizes do not fit the input
     */
    public List<?> runChunked(int... chunkSizes) {
        int[] cuts = new int[chunkSizes.length];
        int at = 0;
        for (int i = 0; i < chunkSizes.length; i++) {
            if (chunkSizes[i] <= 0) {
                throw new IllegalArgumentException("chunk size: " + chunkSizes[i] + " (expected: > 0)");
            }
            at += chunkSizes[i];
            cuts[i] = at;
        }
        if (at > input.length) {
            throw new IllegalArgumentException("chunk sizes: " + at + " bytes (expected: <= " + input.length + ")");
        }
        if (chunkSizes.length > 0 && at == input.length) {
            cuts = Arrays.copyOf(cuts, cuts.length - 1);
        }
        return run("chunk sizes " + Arrays.toString(chunkSizes), cuts);
    }

    private void compare(List<?> reference, String name, int[] cuts) {
        List<?> actual = run(name, cuts);
        if (actual.equals(reference)) {
            return;
        }
        int i = 0;
        while (i < reference.size() && i < actual.size() && Objects.equals(reference.get(i), actual.get(i))) {
            i++;
        }
        String first = i < reference.size() ? String.valueOf(reference.get(i)) : "<end>";
        String second = i < actual.size() ? String.valueOf(actual.get(i)) : "<end>";
        throw new AssertionFailedError(describe(name, cuts) + " decoded differently from the whole input;"
                + " first difference at message " + i + ": expected " + first + " but was " + second,
                reference, actual);
    }

    private List<?> run(String name, int[] cuts) {
        EmbeddedChannel channel = new EmbeddedChannel(handlers.get());
        List<Object> received = new ArrayList<>();
        try {
            int from = 0;
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : input.length;
                ByteBuf chunk = channel.alloc().buffer(to - from).writeBytes(input, from, to - from);
                try {
                    channel.writeInbound(chunk);
                    drainInbound(channel, received);
                } catch (RuntimeException e) {
                    // Messages decoded before the exception was raised come first.
                    drainInbound(channel, received);
                    received.add(e);
                }
                from = to;
            }
            if (finishAtEnd) {
                try {
                    channel.finish();
                    drainInbound(channel, received);
                } catch (RuntimeException e) {
                    drainInbound(channel, received);
                    received.add(e);
                }
            }
        } catch (Error e) {
            received.forEach(ReferenceCountUtil::release);
            channel.finishAndReleaseAll();
            throw e;
        }
        String leftovers = Teardown.finishAndDescribeLeftovers(channel);
        if (!leftovers.isEmpty()) {
            received.forEach(ReferenceCountUtil::release);
            throw new AssertionFailedError(describe(name, cuts) + " did not end clean"
                    + (finishAtEnd ? "" : " (use finishAtEnd() when end of input is part of the test)")
                    + ":\n" + leftovers);
        }
        List<?> normalised = normalizer.apply(received);
        for (Object value : normalised) {
            if (value instanceof ReferenceCounted) {
                normalised.forEach(ReferenceCountUtil::release);
                throw new AssertionFailedError("the normaliser returned a reference-counted message ("
                        + value.getClass().getName() + "); describe messages as plain values instead");
            }
        }
        return normalised;
    }

    private String describe(String name, int[] cuts) {
        StringBuilder sb = new StringBuilder("run '").append(name).append("' (")
                .append(cuts.length + 1).append(" chunks");
        if (cuts.length <= 32) {
            sb.append(" of sizes ").append(Arrays.toString(sizes(cuts)));
        }
        return sb.append(", ").append(input.length).append(" bytes, seed ").append(seed)
                .append("; replay with -D").append(SEED_PROPERTY).append('=').append(seed).append(')').toString();
    }

    private int[] sizes(int[] cuts) {
        int[] sizes = new int[cuts.length + 1];
        int from = 0;
        for (int i = 0; i < cuts.length; i++) {
            sizes[i] = cuts[i] - from;
            from = cuts[i];
        }
        sizes[cuts.length] = input.length - from;
        return sizes;
    }

    private int[] splitPoints() {
        int positions = input.length - 1;
        int count = Math.min(positions, maxSplitPoints);
        int[] points = new int[count];
        for (int i = 0; i < count; i++) {
            // Evenly spread, always including the first and the last position.
            points[i] = count == 1 ? 1 : 1 + (int) ((long) i * (positions - 1) / (count - 1));
        }
        return points;
    }

    /** Mostly small chunks (where decoders break) with the occasional large one. */
    private int[] randomCuts(SplittableRandom random) {
        List<Integer> cuts = new ArrayList<>();
        int at = 0;
        while (true) {
            int size = random.nextInt(4) == 0
                    ? 1 + random.nextInt(Math.max(1, input.length))
                    : 1 + random.nextInt(8);
            at += size;
            if (at >= input.length) {
                break;
            }
            cuts.add(at);
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void drainInbound(EmbeddedChannel channel, List<Object> into) {
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            into.add(msg);
        }
    }

    private static long defaultSeed() {
        String fixed = System.getProperty(SEED_PROPERTY);
        if (fixed != null && !fixed.isBlank()) {
            return Long.parseLong(fixed.trim());
        }
        return ThreadLocalRandom.current().nextLong();
    }

    /** Builder for {@link CodecHarness}. Not thread-safe. */
    public static final class Builder {
        private final Supplier<ChannelHandler[]> handlers;
        private byte[] input = new byte[0];
        private Function<List<Object>, ? extends List<?>> normalizer =
                Normalizers.describeAll(Normalizers::describe);
        private boolean finishAtEnd;
        private int maxSplitPoints = DEFAULT_MAX_SPLIT_POINTS;
        private int randomRuns = DEFAULT_RANDOM_RUNS;
        private Long seed;

        private Builder(Supplier<ChannelHandler[]> handlers) {
            this.handlers = Objects.requireNonNull(handlers, "handlers");
        }

        /**
         * Sets the input. Default: empty.
         *
         * @param bytes the bytes to feed; copied
         * @return this builder
         */
        public Builder input(byte[] bytes) {
            this.input = bytes.clone();
            return this;
        }

        /**
         * Sets the input to the UTF-8 bytes of {@code text}. Default: empty.
         *
         * @param text the text to feed
         * @return this builder
         */
        public Builder input(String text) {
            this.input = ByteStrings.utf8(text);
            return this;
        }

        /**
         * Sets the function that turns one run's messages (and recorded exceptions) into comparable plain values.
         * It owns the messages it is given and must release them. Default:
         * {@code Normalizers.describeAll(Normalizers::describe)}.
         *
         * @param normalizer the normaliser; it must not return reference-counted objects
         * @return this builder
         */
        public Builder normalizer(Function<List<Object>, ? extends List<?>> normalizer) {
            this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
            return this;
        }

        /**
         * Finishes the channel after the input, as if the peer closed, and records what that produces. Default: the
         * input is not the end of the stream, and a run must leave nothing behind when the harness tears it down.
         *
         * @return this builder
         */
        public Builder finishAtEnd() {
            this.finishAtEnd = true;
            return this;
        }

        /**
         * Caps the number of two-piece splits; longer inputs are split at that many evenly spread positions.
         * Default: {@value #DEFAULT_MAX_SPLIT_POINTS}.
         *
         * @param maxSplitPoints a count {@code >= 0}; 0 skips the two-piece splits
         * @return this builder
         */
        public Builder maxSplitPoints(int maxSplitPoints) {
            if (maxSplitPoints < 0) {
                throw new IllegalArgumentException("maxSplitPoints: " + maxSplitPoints + " (expected: >= 0)");
            }
            this.maxSplitPoints = maxSplitPoints;
            return this;
        }

        /**
         * Sets the number of random chunkings. Default: {@value #DEFAULT_RANDOM_RUNS}.
         *
         * @param randomRuns a count {@code >= 0}
         * @return this builder
         */
        public Builder randomRuns(int randomRuns) {
            if (randomRuns < 0) {
                throw new IllegalArgumentException("randomRuns: " + randomRuns + " (expected: >= 0)");
            }
            this.randomRuns = randomRuns;
            return this;
        }

        /**
         * Fixes the seed of the random chunkings, to replay a failure. Default: the system property
         * {@value #SEED_PROPERTY} if set, else a fresh random seed.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the harness.
         *
         * @return the harness
         */
        public CodecHarness build() {
            return new CodecHarness(this);
        }
    }
}
