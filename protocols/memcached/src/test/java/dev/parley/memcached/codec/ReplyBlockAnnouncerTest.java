package dev.parley.memcached.codec;

import dev.parley.codec.framing.BlockAnnouncer;
import dev.parley.codec.framing.MalformedAnnouncementException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The client framing's announcer answers every line as {@link MemcachedBlockAnnouncer#REPLIES} does. */
class ReplyBlockAnnouncerTest {

    private static final List<String> TOKENS = List.of("VALUE", "VA", "V", "VALUES", "VAL", "END", "value", "k",
            "0", "64", "5", "-1", "+5", "abc", "1234567890123456789", "123456789012345678", "", " ", "  ",
            "f3", "c9", "STORED", "HD", "\t");

    @Test
    void sameAnswersAsTheSharedAnnouncer() {
        Random random = new Random(13);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder line = new StringBuilder();
            int tokens = random.nextInt(7);
            for (int t = 0; t < tokens; t++) {
                if (t > 0) {
                    line.append(random.nextInt(8) == 0 ? "  " : " ");
                }
                line.append(TOKENS.get(random.nextInt(TOKENS.size())));
            }
            check(line.toString());
        }
        for (String line : List.of("", "V", "VA", "VA ", "VA 5", "VALUE k 0 64", "VALUE k 0 64 99", "VALUE k 0",
                "VALUE  k  0  64", "VALUE k 0 x", "VA x f1", " VALUE k 0 1", "VALUE k 0 " + "9".repeat(600))) {
            check(line);
        }
    }

    private static void check(String text) {
        // At an offset inside a larger buffer, as the framing passes it.
        ByteBuf buf = Unpooled.buffer().writeBytes("xx".getBytes(StandardCharsets.ISO_8859_1))
                .writeBytes(text.getBytes(StandardCharsets.ISO_8859_1)).writeBytes("\r\n".getBytes());
        try {
            assertEquals(answer(MemcachedBlockAnnouncer.REPLIES, buf.slice(2, text.length())),
                    answer(ReplyBlockAnnouncer.INSTANCE, buf.slice(2, text.length())), text);
            assertEquals(answer(MemcachedBlockAnnouncer.REPLIES, buf.slice(2, text.length())),
                    answer(buf, text.length()), text);
        } finally {
            buf.release();
        }
    }

    private static String answer(BlockAnnouncer announcer, ByteBuf line) {
        try {
            return Long.toString(announcer.blockLength(line));
        } catch (MalformedAnnouncementException e) {
            return "malformed: " + e.getMessage();
        }
    }

    private static String answer(ByteBuf buf, int length) {
        try {
            return Long.toString(ReplyBlockAnnouncer.INSTANCE.blockLength(buf, 2, length));
        } catch (MalformedAnnouncementException e) {
            return "malformed: " + e.getMessage();
        }
    }
}
