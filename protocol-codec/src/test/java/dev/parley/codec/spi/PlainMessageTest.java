package dev.parley.codec.spi;

import dev.parley.codec.text.ErrorCode;
import dev.parley.codec.text.ParleyReply;
import dev.parley.codec.text.ParleyRequest;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Messages without a buffer are reference-counted in form only, so that Netty's per-hop check of every message finds
 * the interface (see {@link PlainMessage}), and counting them changes nothing.
 */
class PlainMessageTest {

    @Test
    void parleyRequestsAndRepliesAreReferenceCountedInFormOnly() {
        for (Object msg : List.of(ParleyRequest.of("get", "k"), ParleyRequest.of("ping"), ParleyReply.ok("v"),
                ParleyReply.OK, ParleyReply.PONG, ParleyReply.error(ErrorCode.NOT_FOUND, "k"))) {
            ReferenceCounted counted = assertInstanceOf(ReferenceCounted.class, msg, msg::toString);
            assertInstanceOf(PlainMessage.class, msg, msg::toString);
            assertSame(msg, counted.retain());
            assertSame(msg, counted.retain(3));
            assertSame(msg, counted.touch());
            assertSame(msg, counted.touch("hint"));
            assertFalse(ReferenceCountUtil.release(msg), "nothing to free");
            assertFalse(counted.release(5));
            assertEquals(1, counted.refCnt(), "the count never moves");
        }
    }

    @Test
    void aPlainMessagePassesThroughAPipelineThatReleasesWhatItReads() {
        ParleyRequest request = ParleyRequest.of("get", "k");
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
                ctx.fireChannelRead(msg);
            }
        });
        channel.writeInbound(request);
        assertSame(request, channel.readInbound(), "released and still whole");
        assertEquals(List.of("k"), request.args());
        assertFalse(channel.finishAndReleaseAll());
    }
}
