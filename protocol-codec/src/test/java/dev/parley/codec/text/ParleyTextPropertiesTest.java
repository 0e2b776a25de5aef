package dev.parley.codec.text;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Quoting round trips for any arguments, including every ASCII control character and non-ASCII text. */
class ParleyTextPropertiesTest {

    @Provide
    Arbitrary<List<String>> argumentLists() {
        Arbitrary<String> arg = Arbitraries.strings()
                .withCharRange('\u0000', '\u007f')
                .withChars('é', '€', '中', '"', '\\', '{', '}', ' ')
                .ofMinLength(0).ofMaxLength(20);
        return arg.list().ofMinSize(0).ofMaxSize(6);
    }

    @Property(tries = 500)
    void requestArgumentsSurviveEncodeThenDecode(@ForAll("argumentLists") List<String> args) {
        ParleyRequest request = ParleyRequest.of("echo", args);
        ByteBuf wire = Unpooled.buffer();
        try {
            ParleyRequestEncoder.encode(request, wire);
            assertEquals('\n', wire.getByte(wire.writerIndex() - 1));
            ByteBuf line = wire.slice(0, wire.readableBytes() - 1);
            assertEquals(1, countLineFeeds(wire), "an encoded request is exactly one line");
            assertEquals(request, ParleyRequestDecoder.decodeLine(line, -1, false));
        } finally {
            wire.release();
        }
    }

    @Property(tries = 300)
    void replyArgumentsSurviveEncodeThenDecode(@ForAll("argumentLists") List<String> args) {
        ParleyReply reply = ParleyReply.ok(args);
        ByteBuf wire = Unpooled.buffer();
        try {
            ParleyReplyEncoder.encode(reply, wire);
            ByteBuf line = wire.slice(0, wire.readableBytes() - 1);
            assertEquals(1, countLineFeeds(wire));
            assertEquals(reply, ParleyReplyDecoder.decodeLine(line, -1));
        } finally {
            wire.release();
        }
    }

    @Property(tries = 200)
    void quoteIsBareExactlyWhenNoQuotingIsNeeded(@ForAll("argumentLists") List<String> args) {
        for (String a : args) {
            assertEquals(!ParleyText.needsQuoting(a), ParleyText.quote(a).equals(a), a);
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
