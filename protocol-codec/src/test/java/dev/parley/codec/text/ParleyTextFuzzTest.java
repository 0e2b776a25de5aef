package dev.parley.codec.text;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.codec.framing.BlockChunk;
import dev.parley.codec.framing.BlockAnnouncer;
import dev.parley.codec.framing.MalformedAnnouncementException;
import dev.parley.codec.framing.Framing;
import dev.parley.codec.framing.FramingModel;
import dev.parley.codec.framing.FramingSpec;
import dev.parley.codec.framing.OversizePolicy;
import dev.parley.codec.pipeline.ParleyTextCodec;
import dev.parley.codec.pipeline.Side;
import dev.parley.testkit.FuzzRuns;
import dev.parley.testkit.SplitFeed;
import dev.parley.testkit.TrackingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz targets for the Parley text protocol: the server's pipeline (framing with the request decoder inline, and as a
 * separate handler), the client's pipeline (reply decoder), the tokenizer with its fast path, and encode-decode round
 * trips. Seeds live in {@code src/test/resources/dev/parley/codec/text/ParleyTextFuzzTestInputs/<method>/}.
 *
 * <p>Byte-input targets start with a small header that chooses limits and the split into reads (see each method), so
 * that short inputs reach the limits; the rest is the stream.
 */
class ParleyTextFuzzTest {

    private static final byte[] RESYNC = "ping resync\n".getBytes(StandardCharsets.US_ASCII);
    private static final ParleyRequest RESYNC_REQUEST = ParleyRequest.of("ping", "resync");

    /**
     * Server side. Header: byte 0 bit 0 the oversize policy (set: CLOSE), byte 1 the line limit minus 12, byte 2 the
     * split. Properties: a failure is a typed framing or protocol error (the owner closes on it); whole and split,
     * inline and as a handler, decode the same; every request re-encodes to itself; no leak; and when the stream ends
     * at a line boundary, a following {@code ping resync} line is decoded as that request (in sync) unless the
     * connection was closed.
     */
    @FuzzTest(maxExecutions = FuzzRuns.EXECUTIONS, maxDuration = FuzzRuns.MAX_DURATION)
    void serverPipeline(byte[] input) {
        if (input.length < 3) {
            return;
        }
        FramingSpec spec = Framing.parley()
                .oversizePolicy((input[0] & 1) != 0 ? OversizePolicy.CLOSE : OversizePolicy.REJECT_AND_SKIP)
                .maxLineLength(RESYNC.length + (input[1] & 0xff))
                .chunkSize(8)
                .maxBlockLength(64)
                .build();
        ParleyTextCodec codec = ParleyTextCodec.create(spec);
        FramingModel.End end = framingEnd(codec.framing(Side.SERVER), input, 3);
        byte[] stream = Arrays.copyOf(input, input.length + RESYNC.length);
        System.arraycopy(RESYNC, 0, stream, input.length, RESYNC.length);
        int[] split = SplitFeed.splits(input[2] & 0xff, stream.length - 3, 19);

        TextFuzzing.Run whole = TextFuzzing.run(codec, Side.SERVER, TextFuzzing.INLINE, stream, 3, stream.length,
                new int[0]);
        TextFuzzing.Run parts = TextFuzzing.run(codec, Side.SERVER, TextFuzzing.INLINE, stream, 3, stream.length,
                split);
        TextFuzzing.Run handlers = TextFuzzing.run(codec, Side.SERVER, TextFuzzing.HANDLERS, stream, 3,
                stream.length, split);
        assertEquals(whole.summary, parts.summary, "whole and split decode differently");
        assertEquals(parts.summary, handlers.summary, "inline and handler decoding differ");

        for (Object m : whole.messages) {
            if (m instanceof ParleyRequest) {
                ParleyRequest q = (ParleyRequest) m;
                assertEquals(q.verb().toLowerCase(Locale.ROOT), q.verb());
                assertTrue(ParleyRequest.isVerb(q.verb()), q.verb());
                ByteBuf line = Unpooled.buffer();
                try {
                    ParleyRequestEncoder.encode(q, line);
                    line.writerIndex(line.writerIndex() - 1);
                    assertEquals(q, ParleyRequestDecoder.decodeLine(line, q.bodyLength(), false),
                            "request does not re-encode to itself");
                } finally {
                    line.release();
                }
            }
        }
        if (end == FramingModel.End.BOUNDARY) {
            assertNull(whole.failure, "failure after a stream that ended at a line boundary");
            assertEquals(RESYNC_REQUEST, whole.messages.get(whole.messages.size() - 1),
                    "not in sync after the input: " + whole.summary);
        } else if (end == FramingModel.End.FAILED) {
            assertNotNull(whole.failure, "the framing failed but the pipeline did not close");
        }
    }

    /**
     * Client side. Header: byte 0 bit 0 the oversize policy, byte 0 the line limit minus 8, byte 1 the split.
     * Properties: a failure is typed; whole and split decode the same; every reply re-encodes to itself; no leak.
     */
    @FuzzTest(maxExecutions = FuzzRuns.EXECUTIONS, maxDuration = FuzzRuns.MAX_DURATION)
    void clientPipeline(byte[] input) {
        if (input.length < 2) {
            return;
        }
        FramingSpec spec = Framing.parley()
                .oversizePolicy((input[0] & 1) != 0 ? OversizePolicy.CLOSE : OversizePolicy.REJECT_AND_SKIP)
                .maxLineLength(8 + (input[0] & 0xff))
                .chunkSize(8)
                .maxBlockLength(64)
                .build();
        ParleyTextCodec codec = ParleyTextCodec.create(spec);
        TextFuzzing.Run whole = TextFuzzing.run(codec, Side.CLIENT, TextFuzzing.INLINE, input, 2, input.length,
                new int[0]);
        TextFuzzing.Run parts = TextFuzzing.run(codec, Side.CLIENT, TextFuzzing.INLINE, input, 2, input.length,
                SplitFeed.splits(input[1] & 0xff, input.length - 2, 19));
        assertEquals(whole.summary, parts.summary, "whole and split decode differently");
        for (Object m : whole.messages) {
            if (m instanceof ParleyReply) {
                ParleyReply r = (ParleyReply) m;
                ByteBuf line = Unpooled.buffer();
                try {
                    ParleyReplyEncoder.encode(r, line);
                    line.writerIndex(line.writerIndex() - 1);
                    assertEquals(r, ParleyReplyDecoder.decodeLine(line, r.bodyLength()),
                            "reply does not re-encode to itself");
                } finally {
                    line.release();
                }
            }
        }
    }

    /**
     * The tokenizer on any bytes: it fails only with {@link MalformedLineException}; what it splits, quoting splits
     * back the same way; the request decoder's fast path ({@link PlainRequestLines}) agrees with the full tokenizer,
     * even with other bytes right after the line in the buffer; the Parley block announcer agrees in place and on a
     * slice and only announces a trailing {@code {digits}}.
     */
    @FuzzTest(maxExecutions = FuzzRuns.EXECUTIONS, maxDuration = FuzzRuns.MAX_DURATION)
    void tokenizer(byte[] input) {
        ByteBuf line = Unpooled.wrappedBuffer(input);
        List<String> tokens;
        try {
            tokens = ParleyText.tokenize(line);
        } catch (MalformedLineException e) {
            tokens = null;
        }
        if (tokens != null) {
            List<String> quoted = new ArrayList<>();
            for (String t : tokens) {
                quoted.add(ParleyText.quote(t));
            }
            byte[] rewritten = String.join(" ", quoted).getBytes(StandardCharsets.UTF_8);
            try {
                assertEquals(tokens, ParleyText.tokenize(Unpooled.wrappedBuffer(rewritten)), "quote round trip");
            } catch (MalformedLineException e) {
                throw new AssertionError("quoted tokens do not split: " + e.getMessage(), e);
            }
        }
        // The line inside a larger buffer, with the line's own bytes reversed after it: the fast path reads ahead.
        byte[] padded = new byte[input.length * 2 + 8];
        for (int i = 0; i < input.length; i++) {
            padded[3 + i] = input[i];
            padded[3 + input.length + i] = input[input.length - 1 - i];
        }
        ByteBuf buf = Unpooled.wrappedBuffer(padded);
        ParleyRequest fast = PlainRequestLines.decode(buf, 3, input.length);
        if (fast != null) {
            assertTrue(tokens != null && !tokens.isEmpty() && ParleyRequest.isVerb(tokens.get(0)),
                    "fast path accepted a line the tokenizer refuses");
            ParleyRequest slow = ParleyRequest.decoded(tokens.get(0).toLowerCase(Locale.ROOT),
                    List.copyOf(tokens.subList(1, tokens.size())), -1);
            assertEquals(slow, fast, "fast path and tokenizer disagree");
        }
        String text = new String(input, StandardCharsets.ISO_8859_1);
        long announced;
        try {
            announced = BlockAnnouncer.parley().blockLength(buf, 3, input.length);
        } catch (MalformedAnnouncementException inPlace) {
            MalformedAnnouncementException sliced = assertThrows(MalformedAnnouncementException.class,
                    () -> BlockAnnouncer.parley().blockLength(buf.slice(3, input.length)));
            assertEquals(inPlace.getMessage(), sliced.getMessage());
            // Refused only for a bare last token in braces whose inside is not a count of 1 to 18 digits.
            String token = text.substring(text.lastIndexOf(' ') + 1);
            assertTrue(token.length() >= 2 && token.startsWith("{") && token.endsWith("}"), text);
            String inside = token.substring(1, token.length() - 1);
            assertFalse(!inside.isEmpty() && inside.length() <= 18
                            && inside.chars().allMatch(c -> c >= '0' && c <= '9'),
                    "a valid count refused: " + text);
            buf.release();
            return;
        }
        assertEquals(announced, BlockAnnouncer.parley().blockLength(buf.slice(3, input.length)));
        if (announced >= 0) {
            int open = text.lastIndexOf('{');
            assertTrue(open >= 0 && text.endsWith("}") && (open == 0 || text.charAt(open - 1) == ' '), text);
            String digits = text.substring(open + 1, text.length() - 1);
            assertTrue(!digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9'), text);
            assertEquals(Long.parseLong(digits), announced);
        }
    }

    /**
     * Requests and replies built from fuzz data, encoded by the encoders and decoded by the real pipelines, come back
     * equal, bodies included (a reply message comes back without the blanks at its ends).
     */
    @FuzzTest(maxExecutions = FuzzRuns.EXECUTIONS, maxDuration = FuzzRuns.MAX_DURATION)
    void roundTrip(FuzzedDataProvider data) {
        boolean request = data.consumeBoolean();
        int splitSeed = data.consumeInt(0, 255);
        List<String> args = new ArrayList<>();
        int count = data.consumeInt(0, 4);
        for (int i = 0; i < count; i++) {
            String arg = data.consumeString(24);
            if (wellFormed(arg)) {
                args.add(arg);
            }
        }
        byte[] body = data.consumeBoolean() ? data.consumeBytes(data.consumeInt(0, 40)) : null;
        ByteBuf wire = Unpooled.buffer();
        List<Object> expected = new ArrayList<>();
        Side side;
        if (request) {
            String verb = data.consumeAsciiString(8);
            if (!ParleyRequest.isVerb(verb)) {
                verb = "v";
            }
            ParleyRequest q = body == null ? ParleyRequest.of(verb, args)
                    : ParleyRequest.withBody(verb, args, body.length);
            ParleyRequestEncoder.encode(q, wire);
            expected.add(q);
            side = Side.SERVER;
        } else {
            ParleyReply r = reply(data, args, body);
            ParleyReplyEncoder.encode(r, wire);
            expected.add(r.code() == null ? r : decodedForm(r));
            side = Side.CLIENT;
        }
        if (body != null && (request || expected.get(0) instanceof ParleyReply
                && ((ParleyReply) expected.get(0)).hasBody())) {
            wire.writeBytes(body);
            expected.add(new BlockChunk(Unpooled.wrappedBuffer(body), true, true));
        }
        byte[] bytes = ByteBufUtil.getBytes(wire);
        wire.release();
        String want = TextFuzzing.summarise(expected, null);
        TextFuzzing.Run whole = TextFuzzing.run(ParleyTextCodec.create(), side, TextFuzzing.INLINE, bytes, 0,
                bytes.length, new int[0]);
        assertEquals(want, whole.summary, () -> "round trip of " + FramingModel.printable(bytes, 0, bytes.length));
        TextFuzzing.Run parts = TextFuzzing.run(ParleyTextCodec.create(), side, TextFuzzing.HANDLERS, bytes, 0,
                bytes.length, SplitFeed.splits(splitSeed, bytes.length, 7));
        assertEquals(want, parts.summary, () -> "split round trip of " + FramingModel.printable(bytes, 0,
                bytes.length));
    }

    private static ParleyReply reply(FuzzedDataProvider data, List<String> args, byte[] body) {
        int kind = data.consumeInt(0, 3);
        if (kind == 0) {
            return body == null ? ParleyReply.ok(args)
                    : ParleyReply.okWithBody(body.length, args.toArray(new String[0]));
        }
        if (kind == 3) {
            return ParleyReply.hello(args.isEmpty() ? "svc" : ParleyText.quote(args.get(0)).replace(' ', '_'),
                    java.util.Map.of());
        }
        String name = data.pickValue(new String[] {"NOT_FOUND", "BAD_ARGS", "BUSY", "INTERNAL", "X_CUSTOM"});
        String message = data.consumeString(40);
        if (!wellFormed(message)) {
            message = "";
        }
        ErrorCode code = ErrorCode.of(name);
        return kind == 1 ? ParleyReply.error(code, message) : ParleyReply.bye(code, message);
    }

    /** The decoder reads a message from the first non-blank after the code to the end, trailing blanks stripped. */
    private static ParleyReply decodedForm(ParleyReply r) {
        String m = r.message();
        int i = 0;
        while (i < m.length() && (m.charAt(i) == ' ' || m.charAt(i) == '\t')) {
            i++;
        }
        m = m.substring(i).stripTrailing();
        return ParleyReply.decoded(r.kind(), r.args(), r.code(), m, -1);
    }

    private static boolean wellFormed(String s) {
        return StandardCharsets.UTF_8.newEncoder().canEncode(s);
    }

    /** Decodes with the bare framing stage and checks the frames against the model; returns where it ended. */
    private static FramingModel.End framingEnd(FramingSpec spec, byte[] input, int from) {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(spec.newDecoder());
        SplitFeed.Result r = SplitFeed.feed(channel, alloc, input, from, input.length, new int[0]);
        try {
            return FramingModel.check(spec, input, from, input.length, r.messages(), r.failure());
        } finally {
            r.release();
            assertTrue(alloc.unreleased().isEmpty(), "unreleased buffers");
        }
    }
}
