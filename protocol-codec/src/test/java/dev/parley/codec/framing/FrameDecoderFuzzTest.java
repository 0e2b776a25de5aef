package dev.parley.codec.framing;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.testkit.FuzzRuns;
import dev.parley.testkit.SplitFeed;
import dev.parley.testkit.TrackingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes {@link FrameDecoder} under every kind of framing. The first four bytes of an input choose the spec, the rest
 * is the byte stream:
 * <ol>
 *   <li>bits 0-1 the delimiters (LF with CR stripped, strict CR LF, the 3-byte {@code $>\0}, or {@code $>\0} and LF
 *       together), bit 2 the oversize policy (set: CLOSE), bits 3-4 the block announcer (none, Parley {@code {n}},
 *       Parley with a memcached-style CR LF trailer, Parley with an LF trailer), bits 5-7 the chunk size
 *       ({@code 1 << bits});</li>
 *   <li>the maximum line length minus one;</li>
 *   <li>the maximum block length;</li>
 *   <li>how the stream is split into reads ({@code 0}: byte by byte, else a pseudo-random pattern).</li>
 * </ol>
 * Properties: the frames match a plain reading of the rules ({@link FramingModel}) or the stream is closed with a
 * {@link FramingException}; the stream decodes alike whole and split; nothing leaks.
 *
 * <p>Seeds: {@code src/test/resources/dev/parley/codec/framing/FrameDecoderFuzzTestInputs/framing/}.
 */
class FrameDecoderFuzzTest {

    static final int HEADER = 4;

    @FuzzTest(maxExecutions = FuzzRuns.EXECUTIONS, maxDuration = FuzzRuns.MAX_DURATION)
    void framing(byte[] input) {
        if (input.length < HEADER) {
            return;
        }
        FramingSpec spec = spec(input);
        Outcome whole = decode(spec, input, new int[0]);
        Outcome split = decode(spec, input, SplitFeed.splits(input[3] & 0xff, input.length - HEADER, 17));
        assertEquals(whole.summary, split.summary, () -> "whole and split decode differently under " + spec
                + " for " + FramingModel.printable(input, HEADER, input.length));
    }

    static FramingSpec spec(byte[] input) {
        int config = input[0] & 0xff;
        Delimiter dollar = Delimiter.of((byte) '$', (byte) '>', (byte) 0);
        List<Delimiter> delimiters;
        switch (config & 3) {
            case 0: delimiters = List.of(Delimiter.lf()); break;
            case 1: delimiters = List.of(Delimiter.crlf()); break;
            case 2: delimiters = List.of(dollar); break;
            default: delimiters = List.of(dollar, Delimiter.lf()); break;
        }
        FramingSpec.Builder b = FramingSpec.builder()
                .delimiters(delimiters)
                .oversizePolicy((config & 4) != 0 ? OversizePolicy.CLOSE : OversizePolicy.REJECT_AND_SKIP)
                .chunkSize(1 << (config >>> 5))
                .maxLineLength(1 + (input[1] & 0xff))
                .maxBlockLength(input[2] & 0xff);
        switch (config >>> 3 & 3) {
            case 0: break;
            case 1: b.blockAnnouncer(BlockAnnouncer.parley()); break;
            case 2: b.blockAnnouncer(BlockAnnouncer.parley()).blockTrailer((byte) '\r', (byte) '\n'); break;
            default: b.blockAnnouncer(BlockAnnouncer.parley()).blockTrailer((byte) '\n'); break;
        }
        return b.build();
    }

    /** Decodes the stream with the given reads, checks it against the model and for leaks, and summarises it. */
    private static Outcome decode(FramingSpec spec, byte[] input, int[] sizes) {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(spec.newDecoder());
        SplitFeed.Result r = SplitFeed.feed(channel, alloc, input, HEADER, input.length, sizes);
        try {
            FramingModel.check(spec, input, HEADER, input.length, r.messages(), r.failure());
            return new Outcome(summarise(r.messages(), r.failure()));
        } finally {
            r.release();
            List<String> open = alloc.unreleased();
            assertTrue(open.isEmpty(), () -> "unreleased buffers: " + open);
        }
    }

    /** Frames with what does not depend on the split: chunks of a block joined, oversized lengths left out. */
    static String summarise(List<Object> frames, Throwable failure) {
        List<String> parts = new ArrayList<>();
        StringBuilder block = null;
        for (Object f : frames) {
            if (f instanceof BlockChunk) {
                BlockChunk c = (BlockChunk) f;
                block.append(ByteBufUtil.hexDump(c.content()));
                if (c.isLast()) {
                    parts.add(block.append(c.trailerValid() ? "" : " bad trailer").toString());
                    block = null;
                }
            } else if (f instanceof LineFrame) {
                LineFrame l = (LineFrame) f;
                parts.add("line " + ByteBufUtil.hexDump(l.content()) + " {" + l.blockLength() + "}"
                        + (l.blockRejected() ? " rejected" : ""));
                if (!l.blockRejected()) {
                    block = new StringBuilder("block ");
                }
            } else if (f instanceof ByteBuf) {
                parts.add("line " + ByteBufUtil.hexDump((ByteBuf) f));
            } else if (f instanceof OversizedLine) {
                parts.add("oversized");
            } else {
                parts.add(String.valueOf(f));
            }
        }
        if (block != null) {
            // How much of an unfinished block was delivered depends on how its bytes arrived.
            parts.add("block (unfinished)");
        }
        parts.add(failure == null ? "end" : "failure " + failure.getClass().getName());
        return String.join("\n", parts);
    }

    private static final class Outcome {
        final String summary;

        Outcome(String summary) {
            this.summary = summary;
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
