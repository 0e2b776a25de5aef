package dev.parley.codec.text;

import dev.parley.codec.framing.BlockChunk;
import dev.parley.codec.pipeline.ParleyPipeline;
import dev.parley.codec.pipeline.ParleyTextCodec;
import dev.parley.codec.pipeline.Side;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParleyReplyCodecTest {

    private EmbeddedChannel client;

    @BeforeEach
    void setUp() {
        client = new EmbeddedChannel();
        ParleyPipeline.install(client.pipeline(), ParleyTextCodec.create(), Side.CLIENT);
    }

    @AfterEach
    void tearDown() {
        assertFalse(client.finishAndReleaseAll(), "messages were left in the channel");
    }

    private void feed(String text) {
        client.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    @Test
    void errorMessageEndingInABraceTokenIsWrittenSoTheClientDoesNotReadAnAnnouncement() {
        for (String tail : List.of("{n}", "{5}", "{-1}", "{}", "{x}")) {
            ParleyReply err = ParleyReply.error(ErrorCode.BAD_ARGS, "usage: push <path> " + tail);
            ByteBuf wire = ParleyReplyEncoder.encode(err, UnpooledByteBufAllocator.DEFAULT);
            assertEquals("ERR BAD_ARGS usage: push <path> \"" + tail + "\"\n", wire.toString(StandardCharsets.UTF_8));

            client.writeInbound(wire);

            ParleyReply read = client.readInbound();
            assertEquals(err, read, tail);
            assertNull(client.readInbound());
        }
        ParleyReply bye = ParleyReply.bye(ErrorCode.PROTOCOL, "{abc}");
        assertEquals("\"{abc}\"", bye.message());
        assertEquals("a {5} b", ParleyReply.error(ErrorCode.FAILED, "a {5} b").message());
        assertEquals("x{5}", ParleyReply.error(ErrorCode.FAILED, "x{5}").message());
    }

    @Test
    void encodingOutsideThePipelineGivesTheEncodersBytesAndSharedConstantsSurviveRelease() {
        for (int i = 0; i < 3; i++) {
            ByteBuf pong = ParleyReplyEncoder.encode(ParleyReply.PONG, UnpooledByteBufAllocator.DEFAULT);
            assertTrue(pong.isReadOnly());
            assertEquals("OK pong\n", pong.toString(StandardCharsets.US_ASCII));
            pong.readerIndex(pong.writerIndex());
            pong.release();
        }
        ByteBuf ok = ParleyReplyEncoder.encode(ParleyReply.OK, UnpooledByteBufAllocator.DEFAULT);
        assertEquals("OK\n", ok.toString(StandardCharsets.US_ASCII));
        ok.release();
        ByteBuf err = ParleyReplyEncoder.encode(ParleyReply.error(ErrorCode.NOT_FOUND, "no such file: /x"),
                UnpooledByteBufAllocator.DEFAULT);
        assertEquals("ERR NOT_FOUND no such file: /x\n", err.toString(StandardCharsets.US_ASCII));
        assertTrue(err.release());
    }

    @Test
    void everyKindOfReplyDecodes() {
        feed("HELLO parley/1 agent version=1\r\nOK\nOK a \"b c\"\nERR NOT_FOUND no such file: /x\nBYE IDLE\n");
        assertEquals(ParleyReply.hello("agent", Map.of("version", "1")), client.readInbound());
        assertEquals(ParleyReply.OK, client.readInbound());
        assertEquals(ParleyReply.ok("a", "b c"), client.readInbound());
        ParleyReply err = client.readInbound();
        assertEquals(ErrorCode.NOT_FOUND, err.code());
        assertEquals("no such file: /x", err.message());
        ParleyReply bye = client.readInbound();
        assertEquals(ParleyReply.Kind.BYE, bye.kind());
        assertEquals(ErrorCode.IDLE, bye.code());
        assertEquals("", bye.message());
        assertNull(client.readInbound());
    }

    @Test
    void okWithBodyIsFollowedByItsChunks() {
        feed("OK size {3}\nabcOK\n");
        assertEquals(ParleyReply.okWithBody(3, "size"), client.readInbound());
        BlockChunk chunk = client.readInbound();
        assertEquals("abc", chunk.content().toString(StandardCharsets.UTF_8));
        assertTrue(chunk.isLast());
        chunk.release();
        assertEquals(ParleyReply.OK, client.readInbound());
    }

    @Test
    void unknownCodesArePermanentAndRegisteredCodesKeepTheirKind() {
        ErrorCode quota = ErrorCode.register("QUOTA_FULL", ErrorCode.Kind.TRANSIENT);
        feed("ERR QUOTA_FULL try later\nERR SOMETHING_NEW\n");
        ParleyReply first = client.readInbound();
        assertEquals(quota, first.code());
        assertTrue(first.code().isTransient());
        ParleyReply second = client.readInbound();
        assertEquals(ErrorCode.Kind.PERMANENT, second.code().kind());
        assertThrows(IllegalArgumentException.class, () -> ErrorCode.register("QUOTA_FULL", ErrorCode.Kind.PERMANENT));
        assertThrows(IllegalArgumentException.class, () -> ErrorCode.register("lower", ErrorCode.Kind.PERMANENT));
    }

    @Test
    void errorMessageIsFreeTextEvenWithQuotesAndBackslashes() {
        String[] messages = {"say \"hi\"there", "unterminated \"quote", "bad escape \\q and \\x4", "\"", "a\"b"};
        for (String message : messages) {
            ParleyReply err = ParleyReply.error(ErrorCode.INTERNAL, message);
            ByteBuf line = ParleyReplyEncoder.encode(err, UnpooledByteBufAllocator.DEFAULT);
            client.writeInbound(line);
            assertEquals(err, client.readInbound(), message);
        }
        feed("BYE SHUTDOWN \"going\"away\n");
        ParleyReply bye = client.readInbound();
        assertEquals("\"going\"away", bye.message());
    }

    @Test
    void garbageIsAProtocolViolation() {
        DecoderException e = assertThrows(DecoderException.class, () -> feed("HTTP/1.1 200 OK\n"));
        assertInstanceOf(ParleyProtocolException.class, e);
        assertTrue(e.getMessage().contains("expected OK, ERR, BYE or HELLO"), e.getMessage());
    }

    @Test
    void errWithoutCodeIsAProtocolViolation() {
        assertThrows(ParleyProtocolException.class, () -> feed("ERR\n"));
    }

    @Test
    void replyEncoderWritesGoldenBytes() {
        EmbeddedChannel server = new EmbeddedChannel();
        ParleyPipeline.install(server.pipeline(), ParleyTextCodec.create(), Side.SERVER);
        server.writeOutbound(ParleyReply.PONG, ParleyReply.OK, ParleyReply.okWithBody(5, "x y"),
                ParleyReply.error(ErrorCode.BAD_ARGS, "usage: rm <path>\n[-r]"),
                ParleyReply.bye(ErrorCode.SHUTDOWN, "server stopping"),
                ParleyReply.hello("agent", Map.of()));
        StringBuilder wire = new StringBuilder();
        ByteBuf buf;
        while ((buf = server.readOutbound()) != null) {
            wire.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        assertEquals("OK pong\nOK\nOK \"x y\" {5}\nERR BAD_ARGS usage: rm <path> [-r]\n"
                + "BYE SHUTDOWN server stopping\nHELLO parley/1 agent\n", wire.toString());
        assertFalse(server.finishAndReleaseAll());
        assertEquals(List.of("parley/1", "agent"), ParleyReply.hello("agent", Map.of()).args());
    }
}
