package dev.parley.memcached.client;

import dev.parley.client.Reply;
import dev.parley.codec.framing.BlockChunk;
import dev.parley.codec.text.ParleyProtocolException;
import dev.parley.memcached.codec.MemcachedBlockAnnouncer;
import dev.parley.memcached.codec.MemcachedReplyLine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Meta reply parsing in {@link MemcachedReplyAssembler} and the meta request tokens, without a server. */
class MetaRepliesTest {

    @Test
    void vaLinesAnnounceTheirBlockOnTheClientSideOnly() {
        ByteBuf line = Unpooled.copiedBuffer("VA 5 f3 c9", StandardCharsets.US_ASCII);
        try {
            assertEquals(5, MemcachedBlockAnnouncer.REPLIES.blockLength(line));
            assertEquals(MemcachedBlockAnnouncer.NO_BLOCK, MemcachedBlockAnnouncer.REQUESTS.blockLength(line));
        } finally {
            line.release();
        }
    }

    @Test
    void aVaReplyIsCompleteWithItsData() throws Exception {
        MemcachedReplyAssembler a = new MemcachedReplyAssembler();
        assertNull(a.onMessage(new MemcachedReplyLine("VA 5 f3 c9 t-1 kYSBi b W X", 5), null));
        Reply r = a.onMessage(chunk("hello"), null);
        MetaResult m = (MetaResult) r.attachment();
        assertEquals(MetaStatus.VALUE, m.status());
        assertEquals("hello", m.valueAsString());
        assertEquals(3, m.flags());
        assertEquals(9, m.cas());
        assertEquals(-1, m.ttl());
        assertEquals("a b", m.key());
        assertTrue(m.win() && m.stale());
        assertFalse(m.alreadyWon());
    }

    @Test
    void plainMetaLines() throws Exception {
        MemcachedReplyAssembler a = new MemcachedReplyAssembler();
        MetaResult hd = (MetaResult) a.onMessage(new MemcachedReplyLine("HD c18446744073709551615 Z", -1), null)
                .attachment();
        assertEquals(MetaStatus.OK, hd.status());
        assertEquals(-1L, hd.cas());
        assertTrue(hd.alreadyWon());
        assertNull(hd.value());
        for (String code : List.of("EN", "NF", "NS", "EX", "MN")) {
            MetaResult m = (MetaResult) a.onMessage(new MemcachedReplyLine(code, -1), null).attachment();
            assertEquals(MetaStatus.of(code), m.status());
            assertEquals(MetaResult.NO_TTL, m.ttl());
        }
        assertNull(a.onMessage(new MemcachedReplyLine("STORED", -1), null).attachment());
    }

    @Test
    void malformedMetaRepliesAreProtocolViolations() {
        for (String line : List.of("HD cX", "HD f-1", "HD t1.5", "VA", "EN  W", "HD k!!! b")) {
            MemcachedReplyAssembler a = new MemcachedReplyAssembler();
            assertThrows(ParleyProtocolException.class, () -> a.onMessage(new MemcachedReplyLine(line, -1), null),
                    line);
        }
    }

    @Test
    void requestTokens() {
        assertEquals(List.of("v", "c", "f", "t", "T5", "N30", "R10"),
                MetaGet.options().value().cas().flags().ttl().touch(5).vivify(30).recache(10).tokens());
        assertEquals(List.of(), MetaGet.options().tokens());
        assertEquals(List.of("ME", "T60", "F4294967295", "C7", "I", "c"), MetaSet.options()
                .mode(MetaSet.Mode.ADD).ttl(60).flags(-1).compareCas(7).invalidate().returnCas().tokens());
        assertEquals(List.of("C7", "I"), MetaDelete.options().compareCas(7).invalidate().tokens());
        assertEquals(List.of("MD", "D3", "N0", "J10", "v"), MetaArithmetic.decr(3).autoCreate(0, 10).tokens());
        assertEquals(List.of("D1", "v"), MetaArithmetic.incr(1).tokens());
        assertThrows(IllegalArgumentException.class, () -> MetaGet.options().vivify(-1));
        assertThrows(IllegalArgumentException.class, () -> MetaSet.options().compareCas(0));
    }

    @Test
    void keysGoAsIsOrInBase64() {
        assertEquals(List.of("plain"), MemcachedClient.metaKey("plain"));
        assertEquals(List.of("YSBi", "b"), MemcachedClient.metaKey("a b"));
        assertEquals(List.of("AAH/", "b"), MemcachedClient.metaKey("\u0000\u0001\u00ff"));
        assertThrows(IllegalArgumentException.class, () -> MemcachedClient.metaKey(""));
        assertThrows(IllegalArgumentException.class, () -> MemcachedClient.metaKey("\u20ac"));
        assertThrows(IllegalArgumentException.class, () -> MemcachedClient.metaKey(" ".repeat(188)));
        assertEquals("b", MemcachedClient.metaKey(" ".repeat(186)).get(1));
    }

    private static BlockChunk chunk(String s) {
        return new BlockChunk(Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII), true, true);
    }
}
