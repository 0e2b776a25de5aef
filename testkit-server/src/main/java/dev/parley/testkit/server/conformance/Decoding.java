package dev.parley.testkit.server.conformance;

import dev.parley.codec.framing.BlockChunk;
import dev.parley.codec.pipeline.ParleyPipeline;
import dev.parley.codec.pipeline.PipelineOptions;
import dev.parley.codec.pipeline.ProtocolCodec;
import dev.parley.codec.pipeline.Side;
import dev.parley.testkit.CodecHarness;
import dev.parley.testkit.Normalizers;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.DecoderException;
import org.opentest4j.AssertionFailedError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/** Runs a codec's server-side inbound pipeline over bytes with {@link CodecHarness} and describes what came out. */
final class Decoding {

    /**
     * Inputs longer than this are not fed one byte at a time but in a few dozen chunkings (see {@link #sampled}), so
     * that a 64 KiB line costs a second, not minutes, under paranoid leak detection.
     */
    private static final int LONG_INPUT = 1024;

    private static final Function<List<Object>, List<Object>> NORMALIZER =
            Normalizers.mergeChunks(BlockChunk.class, BlockChunk::isLast)
                    .andThen(Normalizers.describeAll(Decoding::describe));

    private Decoding() {
    }

    /**
     * One decoded message or error, as a plain value. Messages compare by their description; errors by their class
     * alone, since an error's message may depend on what had arrived when it was raised (under
     * {@code OversizePolicy.CLOSE} a line over the limit is reported with a lower bound until its end is seen).
     */
    static final class Outcome {
        private final String text;
        private final String key;
        private final boolean error;
        private final boolean typed;

        Outcome(String text, String key, boolean error, boolean typed) {
            this.text = text;
            this.key = key;
            this.error = error;
            this.typed = typed;
        }

        boolean error() {
            return error;
        }

        /** @return for an error, whether it is of a type the toolkit or the protocol defines */
        boolean typed() {
            return typed;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Outcome && ((Outcome) o).error == error && ((Outcome) o).key.equals(key);
        }

        @Override
        public int hashCode() {
            return key.hashCode();
        }

        @Override
        public String toString() {
            return error ? (typed ? "error " : "UNTYPED error ") + text : text;
        }
    }

    static Object describe(Object msg) {
        if (msg instanceof Throwable) {
            Throwable t = (Throwable) msg;
            boolean typed = t instanceof DecoderException && t.getClass() != DecoderException.class;
            String cause = t.getCause() != null ? " (cause: " + Normalizers.describe(t.getCause()) + ')' : "";
            return new Outcome(Normalizers.describe(t) + cause, t.getClass().getName(), true, typed);
        }
        String text = Normalizers.describe(msg);
        return new Outcome(text, text, false, false);
    }

    static boolean isError(Object outcome) {
        return outcome instanceof Outcome && ((Outcome) outcome).error();
    }

    /** @return the outcomes, the same for every chunking of {@code input} */
    static List<?> invariant(ProtocolCodec codec, byte[] input, String name) {
        if (input.length > LONG_INPUT) {
            return named(name, () -> sampled(harness(codec, input, false), input.length));
        }
        return named(name, () -> harness(codec, input, false).assertFragmentationInvariant());
    }

    /**
     * A long input's chunkings: whole; two pieces cut at evenly spread points (the first and last included) and
     * near each end; 1 KiB chunks; and random chunk sizes from a fixed seed. All must decode alike.
     */
    private static List<?> sampled(CodecHarness harness, int length) {
        List<?> reference = harness.runChunked();
        List<int[]> chunkings = new ArrayList<>();
        for (int cut : Garbage.cuts(length, 12)) {
            chunkings.add(new int[] {cut});
        }
        for (int i = 2; i <= 3; i++) {
            chunkings.add(new int[] {i});
            chunkings.add(new int[] {length - i});
        }
        int[] kilobytes = new int[(length - 1) / 1024];
        Arrays.fill(kilobytes, 1024);
        chunkings.add(kilobytes);
        SplittableRandom random = new SplittableRandom(length);
        for (int run = 0; run < 2; run++) {
            List<Integer> sizes = new ArrayList<>();
            int at = 0;
            while (true) {
                int size = 1 + random.nextInt(4096);
                if (at + size >= length) {
                    break;
                }
                sizes.add(size);
                at += size;
            }
            chunkings.add(sizes.stream().mapToInt(Integer::intValue).toArray());
        }
        for (int[] sizes : chunkings) {
            List<?> actual = harness.runChunked(sizes);
            if (!actual.equals(reference)) {
                throw new AssertionFailedError("chunk sizes " + (sizes.length > 16 ? sizes.length + " chunks"
                        : Arrays.toString(sizes)) + " decoded differently from the whole input", reference, actual);
            }
        }
        return reference;
    }

    /** @return the outcomes, the same for every chunking of {@code input} followed by the end of input */
    static List<?> invariantToEnd(ProtocolCodec codec, byte[] input, String name) {
        return named(name, () -> harness(codec, input, true).assertFragmentationInvariant());
    }

    /** @return the outcomes of {@code input} in one read */
    static List<Object> whole(ProtocolCodec codec, byte[] input) {
        return new ArrayList<>(harness(codec, input, false).runChunked());
    }

    /** Fails if any outcome is an error of no particular type. */
    static void assertTyped(List<?> outcomes, String name) {
        for (Object o : outcomes) {
            if (o instanceof Outcome && ((Outcome) o).error() && !((Outcome) o).typed()) {
                throw new AssertionFailedError(name + ": the decoder raised an untyped error (a plain"
                        + " DecoderException around an unexpected exception): " + o + "; all: " + outcomes);
            }
        }
    }

    private static CodecHarness harness(ProtocolCodec codec, byte[] input, boolean toEnd) {
        CodecHarness.Builder b = CodecHarness.builder(() -> new ChannelHandler[] {serverPipeline(codec)})
                .input(input)
                .normalizer(NORMALIZER);
        if (toEnd) {
            b.finishAtEnd();
        }
        return b.build();
    }

    private static ChannelHandler serverPipeline(ProtocolCodec codec) {
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ParleyPipeline.install(ch.pipeline(), codec, Side.SERVER, PipelineOptions.defaults());
            }
        };
    }

    private static List<?> named(String name, java.util.function.Supplier<List<?>> run) {
        try {
            return run.get();
        } catch (AssertionFailedError e) {
            throw new AssertionFailedError(name + ": " + e.getMessage(), e);
        }
    }
}
