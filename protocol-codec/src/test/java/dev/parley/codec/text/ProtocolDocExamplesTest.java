package dev.parley.codec.text;

import dev.parley.codec.framing.BlockChunk;
import dev.parley.codec.framing.FramingException;
import dev.parley.codec.pipeline.ParleyPipeline;
import dev.parley.codec.pipeline.ParleyTextCodec;
import dev.parley.codec.pipeline.Side;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks every example in docs/PROTOCOL.md against the codecs: session transcripts decode on both sides (server
 * lines re-encode to exactly what the page shows, announced bodies have the length shown, client lines that the
 * page answers with BAD_REQUEST are rejected with that message, a line the page answers with BYE PROTOCOL is a
 * framing violation with that message and the last line decoded), and the token table splits as shown.
 */
class ProtocolDocExamplesTest {

    private static List<List<String>> fencedBlocks(String language) throws IOException {
        Path doc = Path.of("..", "docs", "PROTOCOL.md");
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
            if (current == null && line.equals("```" + language)) {
                current = new ArrayList<>();
            } else if (current != null && line.equals("```")) {
                blocks.add(current);
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return blocks;
    }

    @Test
    void everySessionTranscriptDecodesAndServerLinesReEncodeExactly() throws IOException {
        List<List<String>> sessions = fencedBlocks("parley-session");
        assertTrue(sessions.size() >= 4, "expected the page's session examples, found " + sessions.size());
        for (List<String> session : sessions) {
            checkSession(session);
        }
    }

    private static void checkSession(List<String> lines) {
        StringBuilder client = new StringBuilder();
        StringBuilder server = new StringBuilder();
        List<String> clientLines = new ArrayList<>();
        List<String> serverLines = new ArrayList<>();
        for (String line : lines) {
            String text = line.substring(3);
            switch (line.substring(0, 2)) {
                case "C:": client.append(text).append('\n'); clientLines.add(text); break;
                case "C=": client.append(text).append('\n'); break;
                case "S:": server.append(text).append('\n'); serverLines.add(text); break;
                case "S=": server.append(text).append('\n'); break;
                default: throw new AssertionError("unexpected transcript line: " + line);
            }
        }
        List<Object> requests = decode(Side.SERVER, client.toString());
        List<Object> replies = decode(Side.CLIENT, server.toString());
        try {
            assertEquals(clientLines.size(), requests.size(), "requests in " + lines);
            for (int i = 0; i < requests.size(); i++) {
                Object r = requests.get(i);
                if (r instanceof FramingException) {
                    // A framing violation: the page shows the BYE that answers it, and nothing after it.
                    assertEquals(requests.size() - 1, i, "a framing violation ends the stream: " + lines);
                    assertEquals(replyFor(i, lines), "BYE PROTOCOL " + ((FramingException) r).getMessage());
                } else if (r instanceof MalformedRequest) {
                    // The page shows the rejection as the reply to this request.
                    String expected = replyFor(i, lines);
                    assertEquals(expected, ((MalformedRequest) r).toReply().toString(), clientLines.get(i));
                } else {
                    ParleyRequest req = assertInstanceOf(ParleyRequest.class, r);
                    ByteBuf line = Unpooled.copiedBuffer(req.toString(), StandardCharsets.UTF_8);
                    try {
                        assertEquals(req, ParleyRequestDecoder.decodeLine(line, req.bodyLength(), false),
                                "request round trip of " + clientLines.get(i));
                    } finally {
                        line.release();
                    }
                }
            }
            assertEquals(serverLines.size(), replies.size(), "replies in " + lines);
            for (int i = 0; i < replies.size(); i++) {
                ParleyReply reply = assertInstanceOf(ParleyReply.class, replies.get(i));
                ByteBuf encoded = Unpooled.buffer();
                ParleyReplyEncoder.encode(reply, encoded);
                assertEquals(serverLines.get(i) + "\n", encoded.toString(StandardCharsets.UTF_8));
                encoded.release();
            }
        } finally {
            requests.forEach(ReferenceCountUtil::release);
            replies.forEach(ReferenceCountUtil::release);
        }
    }

    /** The {@code S:} line that answers the n-th {@code C:} line (no greeting precedes requests in those examples). */
    private static String replyFor(int n, List<String> lines) {
        int seen = -1;
        boolean pending = false;
        for (String line : lines) {
            if (line.startsWith("C:")) {
                seen++;
                pending = seen == n;
            } else if (line.startsWith("S:") && pending) {
                return line.substring(3);
            }
        }
        throw new AssertionError("no reply shown for request " + n);
    }

    /** Decodes a byte stream; bodies are merged into their message's position and checked for length. */
    private static List<Object> decode(Side side, String stream) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ParleyPipeline.install(ch.pipeline(), ParleyTextCodec.create(), side);
        FramingException violation = null;
        try {
            ch.writeInbound(Unpooled.copiedBuffer(stream, StandardCharsets.UTF_8));
        } catch (FramingException e) {
            violation = e;
        }
        List<Object> out = new ArrayList<>();
        long bodyExpected = -1;
        long bodySeen = 0;
        Object msg;
        while ((msg = ch.readInbound()) != null) {
            if (msg instanceof BlockChunk) {
                BlockChunk chunk = (BlockChunk) msg;
                bodySeen += chunk.content().readableBytes();
                boolean last = chunk.isLast();
                chunk.release();
                if (last) {
                    assertEquals(bodyExpected, bodySeen, "body length");
                    bodyExpected = -1;
                }
                continue;
            }
            assertEquals(-1, bodyExpected, "a body was not finished");
            if (msg instanceof ParleyRequest && ((ParleyRequest) msg).hasBody()) {
                bodyExpected = ((ParleyRequest) msg).bodyLength();
                bodySeen = 0;
            } else if (msg instanceof ParleyReply && ((ParleyReply) msg).hasBody()) {
                bodyExpected = ((ParleyReply) msg).bodyLength();
                bodySeen = 0;
            }
            out.add(msg);
        }
        assertEquals(-1, bodyExpected, "a body was not finished");
        assertFalse(ch.finish(), "nothing may be left in the channel");
        if (violation != null) {
            out.add(violation);
        }
        return out;
    }

    @Test
    void tokenTableSplitsAsShown() throws IOException, MalformedLineException {
        List<List<String>> tables = fencedBlocks("parley-tokens");
        assertEquals(1, tables.size());
        assertTrue(tables.get(0).size() >= 5);
        for (String row : tables.get(0)) {
            int arrow = row.indexOf('→');
            String line = row.substring(0, arrow).stripTrailing();
            List<String> expected = List.of(row.substring(arrow + 2).split(" \\| ", -1));
            ByteBuf buf = Unpooled.copiedBuffer(line, StandardCharsets.UTF_8);
            try {
                assertEquals(expected, ParleyText.tokenize(buf), row);
            } finally {
                buf.release();
            }
        }
    }
}
