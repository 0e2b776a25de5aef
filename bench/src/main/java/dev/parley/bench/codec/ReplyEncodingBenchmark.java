package dev.parley.bench.codec;

import dev.parley.codec.text.ParleyReply;
import dev.parley.codec.text.ParleyReplyEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Reply encoding through {@link ParleyReplyEncoder} in a pipeline: the constant {@code OK pong} (a duplicate of a
 * shared read-only buffer) and {@code OK "two words" 42} (a pooled buffer, one quoted argument). The encoded buffer
 * goes to a {@link Sink.Outbound} at the head side of the encoder, which releases it, so the channel's outbound
 * buffer stays out of the measurement. {@link #quotedArgsIntoBuffer()} times {@link ParleyReplyEncoder#encode(
 * ParleyReply, ByteBuf)} alone, into a reused buffer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReplyEncodingBenchmark {

    private static final ParleyReply QUOTED = ParleyReply.ok("two words", "42");

    private EmbeddedChannel channel;
    private Sink.Outbound sink;
    private ByteBuf reused;

    /** Makes the channel and checks the encoder's bytes for both replies. */
    @Setup(Level.Trial)
    public void setUp() {
        verify(ParleyReply.PONG, "OK pong\n");
        verify(QUOTED, "OK \"two words\" 42\n");
        sink = new Sink.Outbound();
        channel = new EmbeddedChannel(sink, new ParleyReplyEncoder());
        reused = Unpooled.directBuffer(64);
    }

    private static void verify(ParleyReply reply, String expected) {
        EmbeddedChannel ch = new EmbeddedChannel(new ParleyReplyEncoder());
        ch.writeOutbound(reply);
        ByteBuf out = ch.readOutbound();
        String got = out.toString(StandardCharsets.UTF_8);
        out.release();
        if (!got.equals(expected)) {
            throw new IllegalStateException("encoded: " + got + " (expected: " + expected + ")");
        }
        if (ch.finishAndReleaseAll()) {
            throw new IllegalStateException("encoder left messages behind");
        }
    }

    /** Closes the channel and releases the reused buffer. */
    @TearDown(Level.Trial)
    public void tearDown() {
        channel.finishAndReleaseAll();
        reused.release();
    }

    /**
     * {@code OK pong}: the shared constant.
     *
     * @return replies written so far
     */
    @Benchmark
    public long pong() {
        channel.write(ParleyReply.PONG, channel.voidPromise());
        return sink.messages();
    }

    /**
     * {@code OK "two words" 42}: a buffer from the channel's allocator, sized up front, written and released.
     *
     * @return replies written so far
     */
    @Benchmark
    public long quotedArgs() {
        channel.write(QUOTED, channel.voidPromise());
        return sink.messages();
    }

    /**
     * {@code OK "two words" 42} written by the static encoder into a cleared buffer: no handler, no allocation.
     *
     * @return the bytes written
     */
    @Benchmark
    public int quotedArgsIntoBuffer() {
        reused.clear();
        ParleyReplyEncoder.encode(QUOTED, reused);
        return reused.writerIndex();
    }
}
