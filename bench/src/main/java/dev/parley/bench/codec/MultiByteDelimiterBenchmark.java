package dev.parley.bench.codec;

import dev.parley.codec.framing.Delimiter;
import dev.parley.codec.framing.FrameDecoder;
import dev.parley.codec.framing.Framing;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
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

/**
 * A multi-byte delimiter ({@code $>\0}, SUTAgent's prompt) over 64 KiB of lines fed in pieces of {@code pieceSize}
 * bytes, one read (and read-complete) per piece, as a slow peer or a small socket buffer would deliver them.
 *
 * <p>{@link FrameDecoder} resumes its scan at a saved offset, so the work is linear in the input whatever the
 * piece size: the score must not grow with {@code lineBytes} (a decoder that rescans the pending line on every read
 * would do {@code lineBytes / 2} times more work per byte with 1-byte pieces). At the end of each trial the bench
 * prints {@link FrameDecoder#scannedBytes()} per input byte, which stays close to 1.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MultiByteDelimiterBenchmark {

    /** Total input per operation. */
    static final int INPUT_BYTES = 64 * 1024;
    private static final byte[] DELIMITER = {'$', '>', 0};

    /** Bytes per read. */
    @Param({"1", "1024", "65536"})
    public int pieceSize;

    /** Bytes per line, delimiter included; 8192 holds a line of 8189 bytes, within the default maximum. */
    @Param({"1024", "8192"})
    public int lineBytes;

    private ByteBuf input;
    private EmbeddedChannel channel;
    private FrameDecoder decoder;
    private Sink.Inbound sink;
    private long fedBytes;

    /** Builds the input and the channel, and checks that one pass yields every line. */
    @Setup(Level.Trial)
    public void setUp() {
        input = Inputs.direct(content(lineBytes));
        decoder = Framing.delimited(Delimiter.of(DELIMITER)).build().newDecoder();
        sink = new Sink.Inbound();
        channel = new EmbeddedChannel(decoder, sink);
        long lines = feed();
        if (lines != INPUT_BYTES / lineBytes) {
            throw new IllegalStateException("lines: " + lines + " (expected: " + INPUT_BYTES / lineBytes + ")");
        }
    }

    /** Lines of printable text (a directory listing), each ending in the delimiter. */
    private static byte[] content(int lineBytes) {
        byte[] out = new byte[INPUT_BYTES];
        byte[] text = "drwxr-xr-x  2 root root 4096 Jan  1 00:00 some-directory-name\n"
                .getBytes(StandardCharsets.US_ASCII);
        for (int line = 0; line < INPUT_BYTES; line += lineBytes) {
            int body = lineBytes - DELIMITER.length;
            for (int i = 0; i < body; i++) {
                out[line + i] = text[i % text.length];
            }
            System.arraycopy(DELIMITER, 0, out, line + body, DELIMITER.length);
        }
        return out;
    }

    /** Prints the bytes scanned per input byte, closes the channel and checks that every buffer was released. */
    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.printf("%n[pieceSize=%d lineBytes=%d] FrameDecoder.scannedBytes per input byte: %.4f%n",
                pieceSize, lineBytes, (double) decoder.scannedBytes() / fedBytes);
        channel.finishAndReleaseAll();
        if (input.refCnt() != 1) {
            throw new IllegalStateException("input refCnt: " + input.refCnt() + " (expected: 1)");
        }
        input.release();
    }

    /**
     * Feeds the 64 KiB input once, piece by piece.
     *
     * @return lines seen so far
     */
    @Benchmark
    public long feed() {
        ChannelPipeline p = channel.pipeline();
        for (int offset = 0; offset < INPUT_BYTES; offset += pieceSize) {
            p.fireChannelRead(input.retainedSlice(offset, Math.min(pieceSize, INPUT_BYTES - offset)));
            p.fireChannelReadComplete();
        }
        fedBytes += INPUT_BYTES;
        return sink.messages();
    }
}
