package dev.parley.codec.text;

import dev.parley.codec.framing.BlockChunk;
import dev.parley.codec.framing.FramingException;
import dev.parley.codec.pipeline.ParleyPipeline;
import dev.parley.codec.pipeline.ParleyTextCodec;
import dev.parley.codec.pipeline.PipelineOptions;
import dev.parley.codec.pipeline.Side;
import dev.parley.testkit.SplitFeed;
import dev.parley.testkit.TrackingAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs bytes through a real Parley pipeline and summarises what came out, for the fuzz targets of this package. */
final class TextFuzzing {

    static final PipelineOptions INLINE = PipelineOptions.builder().wireTrace(PipelineOptions.WireTrace.NEVER).build();
    /** With the wire trace installed, the request decoder runs as its own handler instead of inside the framing. */
    static final PipelineOptions HANDLERS = PipelineOptions.builder().wireTrace(PipelineOptions.WireTrace.ALWAYS)
            .build();

    private TextFuzzing() {
    }

    /** What a pipeline produced, summarised so that splits and paths can be compared. */
    static final class Run {
        final List<Object> messages;
        final Throwable failure;
        final String summary;

        Run(List<Object> messages, Throwable failure, String summary) {
            this.messages = messages;
            this.failure = failure;
            this.summary = summary;
        }
    }

    /**
     * Feeds {@code data[from, to)} through the pipeline that {@link ParleyPipeline#install} builds, checks that a
     * failure is a typed one and that nothing leaks, and returns the summary. Messages are released before returning
     * except for the decoded requests and replies, which hold no buffers.
     */
    static Run run(ParleyTextCodec codec, Side side, PipelineOptions options, byte[] data, int from, int to,
                   int[] sizes) {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        ParleyPipeline.install(channel.pipeline(), codec, side, options);
        SplitFeed.Result r = SplitFeed.feed(channel, alloc, data, from, to, sizes);
        try {
            assertTyped(r.failure());
            return new Run(r.messages(), r.failure(), summarise(r.messages(), r.failure()));
        } finally {
            r.release();
            List<String> open = alloc.unreleased();
            assertTrue(open.isEmpty(), () -> "unreleased buffers: " + open);
        }
    }

    /** A failure that reaches the pipeline's owner must be one it turns into a close: framing or protocol. */
    static void assertTyped(Throwable failure) {
        if (failure == null || typed(failure)) {
            return;
        }
        throw new AssertionError("untyped failure escaped the pipeline: " + failure, failure);
    }

    private static boolean typed(Throwable t) {
        if (t instanceof FramingException || t instanceof ParleyProtocolException) {
            return true;
        }
        return t instanceof DecoderException && t.getCause() != null && t.getCause() != t && typed(t.getCause());
    }

    /** Messages in order, blocks joined, with what depends on the split (an oversized line's length) left out. */
    static String summarise(List<Object> messages, Throwable failure) {
        List<String> parts = new ArrayList<>();
        StringBuilder body = null;
        for (Object m : messages) {
            if (m instanceof BlockChunk) {
                BlockChunk c = (BlockChunk) m;
                if (body == null) {
                    body = new StringBuilder("body without a line ");
                }
                body.append(ByteBufUtil.hexDump(c.content()));
                if (c.isLast()) {
                    parts.add(body.append(c.trailerValid() ? "" : " bad trailer").toString());
                    body = null;
                }
            } else if (m instanceof MalformedRequest) {
                MalformedRequest bad = (MalformedRequest) m;
                parts.add("malformed " + bad.code() + (bad.bodyFollows() ? " body follows " : " ")
                        + (bad.code() == ErrorCode.TOO_LONG ? "" : bad.message()));
                body = bad.bodyFollows() ? new StringBuilder("body ") : null;
            } else if (m instanceof ParleyRequest) {
                ParleyRequest q = (ParleyRequest) m;
                parts.add("request " + q.verb() + " " + q.args() + " " + q.bodyLength());
                body = q.hasBody() ? new StringBuilder("body ") : null;
            } else if (m instanceof ParleyReply) {
                ParleyReply p = (ParleyReply) m;
                parts.add("reply " + p.kind() + " " + p.args() + " " + p.code() + " " + p.message() + " "
                        + p.bodyLength());
                body = p.hasBody() ? new StringBuilder("body ") : null;
            } else {
                parts.add(String.valueOf(m));
            }
        }
        if (body != null) {
            parts.add("body (unfinished)");
        }
        parts.add(failure == null ? "end" : "failure " + failure.getClass().getName());
        return String.join("\n", parts);
    }
}
