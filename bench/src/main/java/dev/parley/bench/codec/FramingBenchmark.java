package dev.parley.bench.codec;

import dev.parley.codec.framing.Framing;
import dev.parley.codec.framing.LineFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.ReferenceCountUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Framing alone: one read of {@code lines} request lines ({@code ping}, {@code ls /tmp/some/dir}, a line with quoted
 * arguments, cycling) cut into frames by Parley's {@link dev.parley.codec.framing.FrameDecoder} — with the server's
 * framing ({@link Framing#parley()}: LF lines that may announce a {@code {n}} block) and with plain LF lines
 * ({@link Framing#lines()}) — and by Netty's {@link LineBasedFrameDecoder} on the same bytes.
 *
 * <p>Each decoder sits in an {@link EmbeddedChannel} made once per trial, followed by a {@link Sink} that counts and
 * releases the frames. An operation fires one read (a retained duplicate of the prepared buffer) and its read-complete
 * straight into the pipeline, so {@code EmbeddedChannel}'s message queues stay out of the measurement. The score is
 * the time for the whole read; divide by {@code lines} for the cost per line.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FramingBenchmark {

    /** Lines per read. */
    @Param({"3", "96"})
    public int lines;

    private ByteBuf input;
    private Decoding parley;
    private Decoding plainLines;
    private Decoding lineBased;

    /** Prepares the input and one channel per decoder, and checks that each decoder yields {@code lines} frames. */
    @Setup(Level.Trial)
    public void setUp() {
        input = Inputs.lines(lines);
        parley = new Decoding(() -> Framing.parley().build().newDecoder(), LineFrame.class);
        plainLines = new Decoding(() -> Framing.lines().build().newDecoder(), LineFrame.class);
        lineBased = new Decoding(() -> new LineBasedFrameDecoder(8192), ByteBuf.class);
    }

    /** Closes the channels and checks that every buffer was released. */
    @TearDown(Level.Trial)
    public void tearDown() {
        parley.close();
        plainLines.close();
        lineBased.close();
        if (input.refCnt() != 1) {
            throw new IllegalStateException("input refCnt: " + input.refCnt() + " (expected: 1)");
        }
        input.release();
    }

    /**
     * Parley's decoder with the Parley text framing, as the server runs it.
     *
     * @return frames seen so far
     */
    @Benchmark
    public long parleyFraming() {
        return parley.read(input);
    }

    /**
     * Parley's decoder with plain LF lines (no block announcer): the same job as {@link #nettyLineBased()}.
     *
     * @return frames seen so far
     */
    @Benchmark
    public long parleyPlainLines() {
        return plainLines.read(input);
    }

    /**
     * Netty's {@code LineBasedFrameDecoder(8192)}: strips LF and a preceding CR, like {@link Framing#lines()}.
     *
     * @return frames seen so far
     */
    @Benchmark
    public long nettyLineBased() {
        return lineBased.read(input);
    }

    /** One decoder in a channel with a sink behind it. */
    static final class Decoding {
        private final EmbeddedChannel channel;
        private final Sink.Inbound sink = new Sink.Inbound();

        Decoding(Supplier<? extends ChannelHandler> decoder, Class<?> frameType) {
            verify(decoder.get(), frameType);
            channel = new EmbeddedChannel(decoder.get(), sink);
        }

        /** Feeds the input once through a fresh channel without a sink and checks the frames that come out. */
        private static void verify(ChannelHandler decoder, Class<?> frameType) {
            EmbeddedChannel ch = new EmbeddedChannel(decoder);
            ByteBuf in = Inputs.lines(Inputs.LINES.length);
            ch.writeInbound(in);
            for (String expected : Inputs.LINES) {
                Object frame = ch.readInbound();
                if (!frameType.isInstance(frame)) {
                    throw new IllegalStateException("frame: " + frame + " (expected: " + frameType + ")");
                }
                ByteBuf content = frame instanceof LineFrame ? ((LineFrame) frame).content() : (ByteBuf) frame;
                String text = content.toString(StandardCharsets.UTF_8);
                ReferenceCountUtil.release(frame);
                if (!text.equals(expected)) {
                    throw new IllegalStateException("line: " + text + " (expected: " + expected + ")");
                }
            }
            if (ch.finishAndReleaseAll()) {
                throw new IllegalStateException("decoder left messages behind");
            }
        }

        long read(ByteBuf input) {
            ChannelPipeline p = channel.pipeline();
            p.fireChannelRead(input.retainedDuplicate());
            p.fireChannelReadComplete();
            return sink.messages();
        }

        void close() {
            channel.finishAndReleaseAll();
        }
    }
}
