package dev.parley.codec.text;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Quoting round trips for many generated argument lists, covering every ASCII character (controls included),
 * the characters that force quoting and non-ASCII text. The seed is fixed and printed in failures for replay.
 */
class ParleyTextPropertiesTest {

    private static final long SEED = 0x5EED_CAFEL;
    private static final char[] EXTRA = {'é', '€', '中', '"', '\\', '{', '}', ' ', '\t', '\n', '\r'};

    private static List<List<String>> argumentLists(int count) {
        SplittableRandom random = new SplittableRandom(SEED);
        List<List<String>> lists = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            int size = random.nextInt(7);
            List<String> args = new ArrayList<>(size);
            for (int a = 0; a < size; a++) {
                int length = random.nextInt(21);
                StringBuilder sb = new StringBuilder(length);
                for (int i = 0; i < length; i++) {
                    sb.append(random.nextInt(4) == 0 ? EXTRA[random.nextInt(EXTRA.length)]
                            : (char) random.nextInt(0x80));
                }
                args.add(sb.toString());
            }
            lists.add(args);
        }
        return lists;
    }

    @Test
    void requestArgumentsSurviveEncodeThenDecode() {
        for (List<String> args : argumentLists(2000)) {
            ParleyRequest request = ParleyRequest.of("echo", args);
            ByteBuf wire = Unpooled.buffer();
            try {
                ParleyRequestEncoder.encode(request, wire);
                assertEquals(1, countLineFeeds(wire), "an encoded request is one line (seed " + SEED + ")");
                ByteBuf line = wire.slice(0, wire.readableBytes() - 1);
                assertEquals(request, ParleyRequestDecoder.decodeLine(line, -1, false), "seed " + SEED);
            } finally {
                wire.release();
            }
        }
    }

    @Test
    void replyArgumentsSurviveEncodeThenDecode() {
        for (List<String> args : argumentLists(1000)) {
            ParleyReply reply = ParleyReply.ok(args);
            ByteBuf wire = Unpooled.buffer();
            try {
                ParleyReplyEncoder.encode(reply, wire);
                assertEquals(1, countLineFeeds(wire), "seed " + SEED);
                ByteBuf line = wire.slice(0, wire.readableBytes() - 1);
                assertEquals(reply, ParleyReplyDecoder.decodeLine(line, -1), "seed " + SEED);
            } finally {
                wire.release();
            }
        }
    }

    @Test
    void quoteIsBareExactlyWhenNoQuotingIsNeeded() {
        for (List<String> args : argumentLists(500)) {
            for (String a : args) {
                assertEquals(!ParleyText.needsQuoting(a), ParleyText.quote(a).equals(a), a);
            }
        }
    }

    private static int countLineFeeds(ByteBuf buf) {
        int n = 0;
        for (int i = buf.readerIndex(); i < buf.writerIndex(); i++) {
            n += buf.getByte(i) == '\n' ? 1 : 0;
        }
        return n;
    }
}
