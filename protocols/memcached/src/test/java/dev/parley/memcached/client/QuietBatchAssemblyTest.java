package dev.parley.memcached.client;

import dev.parley.client.Reply;
import dev.parley.client.Request;
import dev.parley.client.spi.BodyTarget;
import dev.parley.codec.text.ParleyProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The replies to a quiet batch ({@code mg ... q O<n>} lines, then {@code mn}) are gathered until {@code MN}, and
 * whatever the server answers, the batch takes exactly its own replies: the next request's reply is its own.
 */
class QuietBatchAssemblyTest {

    private static final Request BATCH = Request.query("mn", "mg a v q O0", "mg b v q O1");
    private static final Request NEXT = Request.query("version");

    private final MemcachedReplyAssembler inline = new MemcachedReplyAssembler();
    private final MemcachedReplyAssembler connection = new MemcachedReplyAssembler();

    @Test
    void theHitsUntilMn() {
        assertNull(feed(BATCH, "VA 2 O1"));
        assertNull(feedBlock(BATCH, "hi"));
        Reply done = feed(BATCH, "MN");
        List<?> items = assertInstanceOf(List.class, done.attachment());
        assertEquals(1, items.size());
        MetaResult hit = (MetaResult) items.get(0);
        assertEquals("1", hit.opaque());
        assertEquals("hi", hit.valueAsString());
        assertEquals(List.of("VERSION", "1.6"), feed(NEXT, "VERSION 1.6").args());
    }

    @Test
    void noHitsIsAnEmptyList() {
        assertEquals(List.of(), feed(BATCH, "MN").attachment());
    }

    @Test
    void anErrorInsideTheBatchIsItsResultOnceMnCame() {
        assertNull(feed(BATCH, "CLIENT_ERROR bad command line format"));
        assertNull(feed(BATCH, "HD O1"));
        Reply done = feed(BATCH, "MN");
        assertEquals(Reply.Status.ERR, done.status());
        assertEquals(List.of("VERSION", "1.6"), feed(NEXT, "VERSION 1.6").args());
    }

    @Test
    void aServerWithoutMetaCommandsAnswersEachLineAndTheBatchEndsThere() {
        assertNull(feed(BATCH, "ERROR"));
        assertNull(feed(BATCH, "ERROR"));
        Reply done = feed(BATCH, "ERROR");
        assertEquals(Reply.Status.ERR, done.status());
        assertEquals(List.of("VERSION", "1.6"), feed(NEXT, "VERSION 1.6").args());
    }

    @Test
    void aNonMetaReplyInsideTheBatchIsAProtocolError() {
        assertThrows(ParleyProtocolException.class, () -> feed(BATCH, "STORED"));
    }

    @Test
    void moreRepliesThanLinesWithoutMnIsAProtocolError() {
        assertNull(feed(BATCH, "HD O0"));
        assertNull(feed(BATCH, "HD O1"));
        assertThrows(ParleyProtocolException.class, () -> feed(BATCH, "HD O1"));
    }

    @Test
    void theRequestsEncodeAsTheLinesThenMn() {
        ByteBuf out = Unpooled.buffer();
        MemcachedClientProtocol.create().encodeInto(BATCH, out);
        assertEquals("mg a v q O0\r\nmg b v q O1\r\nmn\r\n", out.toString(StandardCharsets.ISO_8859_1));
        out.release();
        ByteBuf alone = (ByteBuf) MemcachedClientProtocol.create().encode(BATCH);
        assertEquals("mg a v q O0\r\nmg b v q O1\r\nmn\r\n", alone.toString(StandardCharsets.ISO_8859_1));
        alone.release();
    }

    /** One line through the inline instance, as the framing runs it, then the connection's, as the session does. */
    private Reply feed(Request head, String line) {
        ByteBuf buf = Unpooled.copiedBuffer(line, StandardCharsets.ISO_8859_1);
        try {
            long announced = line.startsWith("VA ") ? Long.parseLong(line.split(" ")[1]) : -1;
            Object decoded = announced < 0 ? inline.decodeLine(buf, 0, buf.readableBytes())
                    : inline.decodeAnnouncingLine(buf, 0, buf.readableBytes(), announced, false);
            return decoded == null ? null : connection.onMessage(decoded, target(head));
        } finally {
            buf.release();
        }
    }

    private Reply feedBlock(Request head, String data) {
        ByteBuf buf = Unpooled.copiedBuffer(data, StandardCharsets.ISO_8859_1);
        try {
            Object decoded = inline.decodeBlock(buf, 0, buf.readableBytes(), true, true);
            return decoded == null ? null : connection.onMessage(decoded, target(head));
        } finally {
            buf.release();
        }
    }

    private static BodyTarget target(Request request) {
        List<Object> unused = new ArrayList<>();
        return new BodyTarget() {
            @Override
            public void begin(Reply head, long length) {
                unused.add(head);
            }

            @Override
            public void chunk(ByteBuf chunk) {
                unused.add(chunk);
            }

            @Override
            public Request request() {
                return request;
            }
        };
    }
}
