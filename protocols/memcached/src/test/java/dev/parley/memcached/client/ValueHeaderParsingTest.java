package dev.parley.memcached.client;

import dev.parley.client.Reply;
import dev.parley.codec.pipeline.ParleyPipeline;
import dev.parley.codec.pipeline.PipelineOptions;
import dev.parley.codec.pipeline.Side;
import dev.parley.codec.text.ParleyProtocolException;
import dev.parley.testkit.TrackingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client reads {@code VALUE} headers and data where they lie in the read buffer ({@link MemcachedClientProtocol}'s
 * framing runs the assembler inline): the same values whatever way the stream is cut, a bad header is a
 * {@link ParleyProtocolException}, and every buffer is released either way. {@link #theWireTracePipelineAgrees} runs
 * the same stream through the framed messages instead.
 */
class ValueHeaderParsingTest {

    private static final String STREAM = "VALUE key1 5 3 77\r\nabc\r\n"
            + "VALUE k2 4294967295 0 18446744073709551615\r\n\r\n"
            + "VALUE k3 0 2\r\nhi\r\nEND\r\n"
            + "VALUE only 7 4\r\nab\nc\r\nEND\r\n"
            + "END\r\n"
            + "STORED\r\n";

    @Test
    void theSameRepliesAtEverySplitPoint() {
        theSameRepliesAtEverySplitPoint(false);
    }

    @Test
    void theWireTracePipelineAgrees() {
        theSameRepliesAtEverySplitPoint(true);
    }

    @Test
    void onlyCompleteRepliesLeaveTheFramingStage() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.ISO_8859_1);
        for (int cut = 0; cut <= bytes.length; cut++) {
            List<Object> seen = new ArrayList<>();
            feed(bytes, cut, bytes.length, false, seen);
            assertEquals(4, seen.size(), "cut at " + cut);
            for (Object m : seen) {
                assertInstanceOf(Reply.class, m, "cut at " + cut);
            }
        }
    }

    private static void theSameRepliesAtEverySplitPoint(boolean trace) {
        byte[] bytes = STREAM.getBytes(StandardCharsets.ISO_8859_1);
        for (int cut = 0; cut <= bytes.length; cut++) {
            List<Object> out = feed(bytes, cut, bytes.length, trace, new ArrayList<>());
            String at = "cut at " + cut + (trace ? ", wire trace" : "");
            assertEquals(4, out.size(), at);
            List<MemcachedValue> three = values(out.get(0));
            assertEquals(3, three.size(), at);
            check(three.get(0), "key1", 5, "abc", 77);
            check(three.get(1), "k2", -1, "", -1L);
            check(three.get(2), "k3", 0, "hi", 0);
            List<MemcachedValue> one = values(out.get(1));
            assertEquals(1, one.size(), at);
            check(one.get(0), "only", 7, "ab\nc", 0);
            assertEquals(List.of(), values(out.get(2)), at);
            Reply stored = assertInstanceOf(Reply.class, out.get(3), at);
            assertEquals(List.of("STORED"), stored.args(), at);
            assertNull(stored.attachment(), at);
        }
    }

    @Test
    void oneByteAtATime() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.ISO_8859_1);
        List<Object> out = feed(bytes, 1, 1);
        assertEquals(4, out.size());
        assertEquals(3, values(out.get(0)).size());
    }

    @Test
    void badHeadersAreProtocolErrorsAndLeakNothing() {
        for (String header : List.of("VALUE k x 3", "VALUE k -1 3", "VALUE k +1 3", "VALUE k 4294967296 3",
                "VALUE k 1234567890123456789 3", "VALUE k 1 3 x", "VALUE k 1 3 -1", "VALUE k 1 3 +1",
                "VALUE k 1 3 18446744073709551616", "VALUE k 1 3 123456789012345678901")) {
            byte[] bytes = (header + "\r\nabc\r\nEND\r\n").getBytes(StandardCharsets.ISO_8859_1);
            for (int cut = 0; cut <= bytes.length; cut++) {
                List<Object> out = feed(bytes, cut);
                String at = header + ", cut at " + cut;
                assertTrue(!out.isEmpty(), at);
                Throwable t = assertInstanceOf(Throwable.class, out.get(0), at);
                assertInstanceOf(ParleyProtocolException.class, t, at);
                assertTrue(t.getMessage().startsWith("bad VALUE line: " + header), at + ": " + t.getMessage());
            }
        }
    }

    @Test
    void aValueNotFollowedByCrLfIsAProtocolError() {
        // The announced length is 3: "de" stands where CR LF must.
        List<Object> out = feed("VALUE k 0 3\r\nabcdef\r\nEND\r\n".getBytes(StandardCharsets.ISO_8859_1), 5);
        assertInstanceOf(ParleyProtocolException.class, out.get(0));
    }

    private static void check(MemcachedValue v, String key, int flags, String value, long cas) {
        assertEquals(key, v.key());
        assertEquals(flags, v.flags());
        assertArrayEquals(value.getBytes(StandardCharsets.ISO_8859_1), v.value());
        assertEquals(cas, v.cas());
    }

    @SuppressWarnings("unchecked")
    private static List<MemcachedValue> values(Object reply) {
        return (List<MemcachedValue>) assertInstanceOf(Reply.class, reply).attachment();
    }

    private static List<Object> feed(byte[] bytes, int cut) {
        return feed(bytes, cut, bytes.length);
    }

    private static List<Object> feed(byte[] bytes, int cut, int step) {
        return feed(bytes, cut, step, false, new ArrayList<>());
    }

    /**
     * Runs the client pipeline (whose framing runs an assembler inline) with a connection's assembler at its end: the
     * first write holds {@code bytes[0, cut)}, then writes of up to {@code step} bytes. Returns the replies, and the
     * first failure, raised in the framing or by the assembler at the end (after which nothing is kept). With
     * {@code trace}, the wire trace runs and the framing passes its frames on instead. {@code seen} gets every message that
     * reaches the end (to look at its class only: it may be released by then).
     */
    private static List<Object> feed(byte[] bytes, int cut, int step, boolean trace, List<Object> seen) {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        ParleyPipeline.install(channel.pipeline(), MemcachedClientProtocol.create().codec(), Side.CLIENT,
                PipelineOptions.builder().wireTrace(trace ? PipelineOptions.WireTrace.ALWAYS
                        : PipelineOptions.WireTrace.NEVER).build());
        List<Object> out = new ArrayList<>();
        MemcachedReplyAssembler assembler = new MemcachedReplyAssembler();
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                seen.add(msg);
                if (!out.isEmpty() && out.get(out.size() - 1) instanceof Throwable) {
                    io.netty.util.ReferenceCountUtil.release(msg);
                    return;
                }
                try {
                    Reply r = assembler.onMessage(msg, null);
                    if (r != null) {
                        out.add(r);
                    }
                } catch (Exception e) {
                    out.add(e);
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                // Raised by the framing stage, where the assembler normally runs (the client's connection does
                // the same with it: a protocol error).
                if (out.isEmpty() || !(out.get(out.size() - 1) instanceof Throwable)) {
                    out.add(cause);
                }
            }
        });
        try {
            int at = 0;
            int size = cut;
            while (at < bytes.length) {
                int n = Math.min(size, bytes.length - at);
                if (n > 0) {
                    ByteBuf buf = alloc.buffer(n);
                    buf.writeBytes(bytes, at, n);
                    channel.writeInbound(buf);
                    at += n;
                }
                size = step;
            }
            channel.checkException();
        } finally {
            channel.finishAndReleaseAll();
            List<String> open = alloc.unreleased();
            assertTrue(open.isEmpty(), () -> "unreleased buffers: " + open);
        }
        return out;
    }
}
