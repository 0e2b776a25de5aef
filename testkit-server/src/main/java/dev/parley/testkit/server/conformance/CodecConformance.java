package dev.parley.testkit.server.conformance;

import dev.parley.codec.framing.OversizePolicy;
import dev.parley.codec.pipeline.ProtocolCodec;
import dev.parley.codec.pipeline.Side;
import dev.parley.testkit.CodecHarness;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The codec half of the conformance suite: abstract JUnit tests that the server side of a {@link ProtocolCodec}
 * (its framing and decoder, assembled by {@code ParleyPipeline} as a server assembles them) passes whatever the
 * input and however it is cut into reads. A protocol extends it, gives its codec and sample requests, and names the
 * subclass {@code ...ConformanceTest}; {@link ProtocolConformance} adds the server-level checks.
 *
 * <p>What it proves, for every sample and for all of them in one burst: the decoded messages are the same for the
 * whole input, one byte at a time, a split at every point and random chunkings ({@link CodecHarness}); a line one byte
 * over {@link #maxLineLength()} decodes differently from one at the limit, and either the next line still decodes
 * ({@link OversizePolicy#REJECT_AND_SKIP}) or a typed framing error ends the stream ({@link OversizePolicy#CLOSE}), as
 * the codec's framing declares; {@link #garbage() garbage} and an end of input in the middle of any frame produce
 * only messages and <em>typed</em> errors; and nothing leaks (every run ends clean, under paranoid leak detection).
 *
 * <p>Decoded messages are compared by their description ({@code Normalizers.describe}, streamed chunks merged), errors
 * by their class: an error's message may depend on what had arrived (a line over the limit under
 * {@link OversizePolicy#CLOSE} is reported with a lower bound until its end is seen).
 *
 * <p>A typed error is a {@link io.netty.handler.codec.DecoderException} of a subclass the toolkit or the protocol
 * defines (a {@code FramingException}, say). A plain {@code DecoderException} is what Netty wraps around an
 * unexpected exception from a decoder (an index out of bounds, a number format error): that is a defect.
 */
public abstract class CodecConformance {

    /**
     * Returns the protocol under test.
     *
     * @return the codec; its {@link Side#SERVER} side is tested
     */
    protected abstract ProtocolCodec codec();

    /**
     * Returns sample exchanges; the suite uses their requests. A sample may hold several requests, and later samples
     * may depend on earlier ones (a {@code get} after its {@code set}).
     *
     * @return at least one sample
     */
    protected abstract List<Sample> samples();

    /**
     * Returns the longest request line the protocol accepts, terminator excluded.
     *
     * @return by default the server-side framing's {@link dev.parley.codec.framing.FramingSpec#maxLineLength()}
     */
    protected int maxLineLength() {
        return codec().framing(Side.SERVER).maxLineLength();
    }

    /**
     * Returns what ends a line the suite makes up (an oversized line, garbage).
     *
     * @return by default {@code "\n"}; memcached's protocol says {@code "\r\n"}
     */
    protected String lineEnd() {
        return "\n";
    }

    /**
     * Returns junk lines, each ending in {@link #lineEnd()}: binary bytes, invalid UTF-8, control characters. None
     * announces a block, so a protocol can answer them and go on. Override to add the protocol's own.
     *
     * @return the garbage inputs
     */
    protected List<byte[]> garbage() {
        return Garbage.lines(lineEnd());
    }

    @Test
    public void everySampleDecodesTheSameHoweverItIsSplit() {
        for (Sample sample : samples()) {
            List<?> decoded = Decoding.invariant(codec(), sample.request(), sample.name());
            assertFalse(decoded.isEmpty(), () -> sample.name() + ": decoded to nothing");
            Decoding.assertTyped(decoded, sample.name());
        }
    }

    @Test
    public void allSamplesInOneBurstDecodeAsEachDoesAlone() {
        List<Object> separately = new ArrayList<>();
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        for (Sample sample : samples()) {
            separately.addAll(Decoding.whole(codec(), sample.request()));
            burst.writeBytes(sample.request());
        }
        assertEquals(separately, Decoding.invariant(codec(), burst.toByteArray(), "all samples in one burst"));
    }

    @Test
    public void aLineOverTheLimitIsTypedAndTheNextLineStillDecodes() {
        byte[] next = samples().get(0).request();
        List<Object> nextAlone = Decoding.whole(codec(), next);
        List<?> atLimit = Decoding.whole(codec(), Garbage.concat(line(maxLineLength()), next));
        List<?> over = Decoding.invariant(codec(), Garbage.concat(line(maxLineLength() + 1), next),
                "a line of " + (maxLineLength() + 1) + " bytes");
        Decoding.assertTyped(over, "an oversized line");
        assertNotEquals(atLimit.get(0), over.get(0), "a line of maxLineLength() bytes and one byte more decode alike:"
                + " the limit is not " + maxLineLength());
        if (codec().framing(Side.SERVER).oversizePolicy() == OversizePolicy.REJECT_AND_SKIP) {
            assertEquals(nextAlone, over.subList(1, over.size()), "the line after an oversized one");
        } else {
            assertEquals(1, over.size(), () -> "under OversizePolicy.CLOSE a framing error ends decoding: " + over);
            assertTrue(Decoding.isError(over.get(0)), () -> "expected a framing error, got " + over.get(0));
        }
    }

    @Test
    public void garbageDecodesToMessagesAndTypedErrorsOnly() {
        byte[] next = samples().get(0).request();
        for (byte[] junk : garbage()) {
            String name = "garbage " + dev.parley.testkit.ByteStrings.escape(junk);
            Decoding.assertTyped(Decoding.invariant(codec(), Garbage.concat(junk, next), name), name);
        }
    }

    @Test
    public void endOfInputInTheMiddleOfAFrameIsATypedErrorAndLeaksNothing() {
        for (Sample sample : samples()) {
            byte[] request = sample.request();
            for (int cut : Garbage.cuts(request.length, 48)) {
                byte[] prefix = java.util.Arrays.copyOf(request, cut);
                String name = sample.name() + " ending after " + cut + " bytes";
                Decoding.assertTyped(Decoding.invariantToEnd(codec(), prefix, name), name);
            }
        }
    }

    private byte[] line(int length) {
        return ("x".repeat(length) + lineEnd()).getBytes(StandardCharsets.US_ASCII);
    }
}
