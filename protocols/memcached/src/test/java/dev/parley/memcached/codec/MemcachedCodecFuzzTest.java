package dev.parley.memcached.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.codec.framing.BlockChunk;
import dev.parley.codec.framing.FramingException;
import dev.parley.codec.pipeline.ParleyPipeline;
import dev.parley.codec.pipeline.PipelineOptions;
import dev.parley.codec.pipeline.ProtocolCodec;
import dev.parley.codec.pipeline.Side;
import dev.parley.codec.text.ParleyProtocolException;
import dev.parley.testkit.FuzzRuns;
import dev.parley.testkit.SplitFeed;
import dev.parley.testkit.TrackingAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes memcached's codecs through the real pipelines ({@link ParleyPipeline#install}): the server's request decoder
 * and the client's reply decoder. The first input byte chooses how the stream is split into reads ({@code 0}: byte
 * by byte), the rest is the stream. Items and values over 64 bytes are over the limit, so the rejection paths are
 * reached by short inputs.
 *
 * <p>Properties: a failure is a typed framing or protocol error, on which the owner closes; the stream decodes alike
 * whole and split; nothing leaks; each request or reply line has the shape its decoder promises (a storage command's
 * body length is its {@code <bytes>} token, a {@code VALUE} line's block its fourth token).
 * Seeds: {@code src/test/resources/dev/parley/memcached/codec/MemcachedCodecFuzzTestInputs/<method>/}.
 */
class MemcachedCodecFuzzTest {

    private static final Set<String> STORAGE = Set.of("set", "add", "replace", "append", "prepend", "cas");
    private static final PipelineOptions OPTIONS = PipelineOptions.builder()
            .wireTrace(PipelineOptions.WireTrace.NEVER).build();

    @FuzzTest(maxExecutions = FuzzRuns.EXECUTIONS, maxDuration = FuzzRuns.MAX_DURATION)
    void serverPipeline(byte[] input) {
        if (input.length < 1) {
            return;
        }
        ProtocolCodec codec = MemcachedServerCodec.create(64);
        List<Object> messages = new ArrayList<>();
        String whole = run(codec, Side.SERVER, input, new int[0], messages);
        String split = run(codec, Side.SERVER, input, SplitFeed.splits(input[0] & 0xff, input.length - 1, 23), null);
        assertEquals(whole, split, "whole and split decode differently");
        for (Object m : messages) {
            if (m instanceof MemcachedRequest) {
                MemcachedRequest q = (MemcachedRequest) m;
                assertTrue(q.verb().chars().allMatch(c -> c >= 'a' && c <= 'z' || c == '_'), q.verb());
                for (String a : q.args()) {
                    assertTrue(!a.isEmpty() && a.indexOf(' ') < 0, () -> "argument " + a);
                }
                if (q.hasBody()) {
                    assertTrue(STORAGE.contains(q.verb()) && q.args().size() >= 4, q::toString);
                    assertEquals(Long.parseLong(q.args().get(3)), q.bodyLength(), q::toString);
                }
            }
        }
    }

    @FuzzTest(maxExecutions = FuzzRuns.EXECUTIONS, maxDuration = FuzzRuns.MAX_DURATION)
    void clientPipeline(byte[] input) {
        if (input.length < 1) {
            return;
        }
        ProtocolCodec codec = MemcachedClientCodec.create(64);
        List<Object> messages = new ArrayList<>();
        String whole = run(codec, Side.CLIENT, input, new int[0], messages);
        String split = run(codec, Side.CLIENT, input, SplitFeed.splits(input[0] & 0xff, input.length - 1, 23), null);
        assertEquals(whole, split, "whole and split decode differently");
        for (Object m : messages) {
            if (m instanceof MemcachedReplyLine) {
                MemcachedReplyLine line = (MemcachedReplyLine) m;
                assertTrue(line.text().indexOf('\n') < 0, line::text);
                if (line.hasBlock()) {
                    String[] tokens = line.text().trim().split(" +");
                    assertTrue(tokens.length >= 4 && tokens[0].equals("VALUE"), line::text);
                    assertEquals(Long.parseLong(tokens[3]), line.blockLength(), line::text);
                }
            }
        }
    }

    /** Feeds the stream through the pipeline; checks typed failure and leaks; returns a split-independent summary. */
    private static String run(ProtocolCodec codec, Side side, byte[] input, int[] sizes, List<Object> keep) {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        ParleyPipeline.install(channel.pipeline(), codec, side, OPTIONS);
        SplitFeed.Result r = SplitFeed.feed(channel, alloc, input, 1, input.length, sizes);
        try {
            Throwable failure = r.failure();
            if (failure != null && !typed(failure)) {
                throw new AssertionError("untyped failure escaped the pipeline: " + failure, failure);
            }
            if (keep != null) {
                for (Object m : r.messages()) {
                    if (!(m instanceof BlockChunk)) {
                        keep.add(m);
                    }
                }
            }
            return summarise(r.messages(), failure);
        } finally {
            r.release();
            List<String> open = alloc.unreleased();
            assertTrue(open.isEmpty(), () -> "unreleased buffers: " + open);
        }
    }

    private static boolean typed(Throwable t) {
        if (t instanceof FramingException || t instanceof ParleyProtocolException) {
            return true;
        }
        return t instanceof DecoderException && t.getCause() != null && t.getCause() != t && typed(t.getCause());
    }

    private static String summarise(List<Object> messages, Throwable failure) {
        List<String> parts = new ArrayList<>();
        StringBuilder body = null;
        for (Object m : messages) {
            if (m instanceof BlockChunk) {
                BlockChunk c = (BlockChunk) m;
                if (body == null) {
                    body = new StringBuilder("block without a line ");
                }
                body.append(ByteBufUtil.hexDump(c.content()));
                if (c.isLast()) {
                    parts.add(body.append(c.trailerValid() ? "" : " bad trailer").toString());
                    body = null;
                }
                continue;
            }
            parts.add(String.valueOf(m));
            boolean follows = m instanceof MemcachedRequest && ((MemcachedRequest) m).hasBody()
                    || m instanceof MemcachedRejected && ((MemcachedRejected) m).bodyFollows()
                    || m instanceof MemcachedReplyLine && ((MemcachedReplyLine) m).hasBlock();
            body = follows ? new StringBuilder("block ") : null;
        }
        if (body != null) {
            parts.add("block (unfinished)");
        }
        parts.add(failure == null ? "end" : "failure " + failure.getClass().getName());
        return String.join("\n", parts);
    }
}
