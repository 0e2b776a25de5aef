package dev.parley.codec.framing;

import dev.parley.testkit.CodecHarness;
import dev.parley.testkit.Normalizers;
import dev.parley.testkit.Teardown;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decoder's work stays linear in its input however the input is cut: counted, not timed. */
class FrameDecoderScanCostTest {

    private static final byte[] PROMPT = {'$', '>', 0};

    @Test
    void threeByteDelimiterFedOneByteAtATimeIsScannedInLinearWork() {
        byte[] input = promptSeparatedLines(1 << 20);
        FrameDecoder decoder = Framing.delimited(Delimiter.of(PROMPT)).build().newDecoder();
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        // Paranoid leak tracking records a stack trace on every buffer access, which would dominate a million
        // reads; this test counts scanning work, the others cover releases.
        channel.config().setAllocator(new UnpooledByteBufAllocator(false, true));
        long lineBytes = 0;
        long lines = 0;

        for (int i = 0; i < input.length; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(input, i, 1));
            ByteBuf line;
            while ((line = channel.readInbound()) != null) {
                lineBytes += line.readableBytes();
                lines++;
                line.release();
            }
        }

        assertEquals(input.length, lineBytes + lines * PROMPT.length, "every byte is in a frame");
        assertTrue(decoder.scannedBytes() >= input.length - lines * PROMPT.length,
                "counter is live: " + decoder.scannedBytes());
        assertTrue(decoder.scannedBytes() <= 2L * input.length,
                "scanned " + decoder.scannedBytes() + " bytes for " + input.length + " bytes of input");
        Teardown.assertClean(channel);
    }

    @Test
    void promptTrafficDecodesTheSameAndLinearlyUnderEveryChunking() {
        byte[] input = promptSeparatedLines(8 << 10);
        List<FrameDecoder> decoders = new ArrayList<>();
        FramingSpec spec = Framing.delimited(Delimiter.of(PROMPT)).build();

        List<?> lengths = CodecHarness.builder(() -> {
                    FrameDecoder decoder = spec.newDecoder();
                    decoders.add(decoder);
                    return new ChannelHandler[] {decoder};
                })
                .input(input)
                .normalizer(Normalizers.describeAll(msg -> ((ByteBuf) msg).readableBytes()))
                .maxSplitPoints(64)
                .randomRuns(4)
                .build()
                .assertFragmentationInvariant();

        long lineBytes = lengths.stream().mapToLong(n -> (Integer) n).sum();
        assertEquals(input.length, lineBytes + (long) lengths.size() * PROMPT.length, "every byte is in a frame");
        assertEquals(1 + 1 + 64 + 4, decoders.size(), "whole, byte by byte, 64 splits, 4 random");
        for (FrameDecoder decoder : decoders) {
            assertTrue(decoder.scannedBytes() <= 2L * input.length,
                    "scanned " + decoder.scannedBytes() + " bytes for " + input.length + " bytes of input");
        }
    }

    /**
     * Lines of 0 to 300 bytes over an alphabet full of near-misses of the prompt ({@code $>}, {@code >\0},
     * {@code $$>}), never the prompt itself, each followed by the prompt.
     */
    private static byte[] promptSeparatedLines(int size) {
        SplittableRandom random = new SplittableRandom(20240611L);
        byte[] alphabet = {'$', '>', 0, 'a', '\n'};
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 512);
        while (out.size() < size) {
            int length = random.nextInt(301);
            byte prev2 = 'a';
            byte prev1 = 'a';
            for (int i = 0; i < length; i++) {
                byte b = alphabet[random.nextInt(alphabet.length)];
                if (b == 0 && prev2 == '$' && prev1 == '>') {
                    b = 'a';
                }
                out.write(b);
                prev2 = prev1;
                prev1 = b;
            }
            out.write(PROMPT, 0, PROMPT.length);
        }
        return out.toByteArray();
    }
}
