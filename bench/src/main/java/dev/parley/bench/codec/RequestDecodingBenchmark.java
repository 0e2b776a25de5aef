package dev.parley.bench.codec;

import dev.parley.codec.framing.Framing;
import dev.parley.codec.text.ParleyRequest;
import dev.parley.codec.text.ParleyRequestDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
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

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Framing plus request decoding: the same reads as {@link FramingBenchmark}, turned into {@link ParleyRequest}s by
 * {@link ParleyRequestDecoder} after Parley's framing (the server's pipeline) or after Netty's
 * {@link LineBasedFrameDecoder} (which the request decoder also accepts). Subtract {@link FramingBenchmark}'s score to
 * see what tokenizing and building requests cost. The score is the time for the whole read.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequestDecodingBenchmark {

    /** Lines per read. */
    @Param({"3", "96"})
    public int lines;

    private ByteBuf input;
    private EmbeddedChannel parley;
    private Sink.Inbound parleySink;
    private EmbeddedChannel lineBased;
    private Sink.Inbound lineBasedSink;

    /** Prepares the input and the two pipelines, and checks that both decode the three requests. */
    @Setup(Level.Trial)
    public void setUp() {
        input = Inputs.lines(lines);
        Supplier<ChannelHandler> parleyFraming = () -> Framing.parley().build().newDecoder();
        Supplier<ChannelHandler> nettyFraming = () -> new LineBasedFrameDecoder(8192);
        verify(parleyFraming.get());
        verify(nettyFraming.get());
        parleySink = new Sink.Inbound();
        parley = new EmbeddedChannel(parleyFraming.get(), ParleyRequestDecoder.INSTANCE, parleySink);
        lineBasedSink = new Sink.Inbound();
        lineBased = new EmbeddedChannel(nettyFraming.get(), ParleyRequestDecoder.INSTANCE, lineBasedSink);
    }

    private static void verify(ChannelHandler framing) {
        EmbeddedChannel ch = new EmbeddedChannel(framing, ParleyRequestDecoder.INSTANCE);
        ch.writeInbound(Inputs.lines(Inputs.LINES.length));
        List<String> expected = List.of("ping []", "ls [/tmp/some/dir]", "put [my file.txt, say \"hi\", 42]");
        for (String e : expected) {
            Object msg = ch.readInbound();
            if (!(msg instanceof ParleyRequest)) {
                throw new IllegalStateException("decoded: " + msg + " (expected: a ParleyRequest)");
            }
            ParleyRequest r = (ParleyRequest) msg;
            String got = r.verb() + " " + r.args();
            if (!got.equals(e)) {
                throw new IllegalStateException("request: " + got + " (expected: " + e + ")");
            }
        }
        if (ch.finishAndReleaseAll()) {
            throw new IllegalStateException("decoder left messages behind");
        }
    }

    /** Closes the channels and checks that every buffer was released. */
    @TearDown(Level.Trial)
    public void tearDown() {
        parley.finishAndReleaseAll();
        lineBased.finishAndReleaseAll();
        if (input.refCnt() != 1) {
            throw new IllegalStateException("input refCnt: " + input.refCnt() + " (expected: 1)");
        }
        input.release();
    }

    /**
     * The server's decoding: {@code FrameDecoder} (Parley framing) then {@code ParleyRequestDecoder}.
     *
     * @return requests seen so far
     */
    @Benchmark
    public long parleyFramingThenRequests() {
        return read(parley, parleySink);
    }

    /**
     * {@code LineBasedFrameDecoder} then {@code ParleyRequestDecoder}.
     *
     * @return requests seen so far
     */
    @Benchmark
    public long nettyLineBasedThenRequests() {
        return read(lineBased, lineBasedSink);
    }

    private long read(EmbeddedChannel channel, Sink.Inbound sink) {
        ChannelPipeline p = channel.pipeline();
        p.fireChannelRead(input.retainedDuplicate());
        p.fireChannelReadComplete();
        return sink.messages();
    }
}
