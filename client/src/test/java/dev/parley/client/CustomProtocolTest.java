package dev.parley.client;

import dev.parley.client.spi.BodyTarget;
import dev.parley.client.spi.ClientProtocol;
import dev.parley.client.spi.GreetingCheck;
import dev.parley.client.spi.ReplyAssembler;
import dev.parley.testkit.peer.Script;
import dev.parley.testkit.peer.ScriptedServer;
import dev.parley.codec.framing.Framing;
import dev.parley.codec.framing.FramingSpec;
import dev.parley.codec.pipeline.ProtocolCodec;
import dev.parley.codec.pipeline.Side;
import dev.parley.codec.text.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A memcached-like protocol (no greeting, multi-line replies ending in {@code END}, {@code SERVER_ERROR} as a
 * transient rejection) reuses the session's queue, retries and reconnects through its own codec and assembler.
 */
class CustomProtocolTest extends ClientTestSupport {

    private static final FramingSpec LINES = Framing.lines().build();

    /** Lines in, strings out; strings in, lines out. */
    private static final ProtocolCodec CODEC = new ProtocolCodec() {
        @Override
        public String name() {
            return "memcached-like";
        }

        @Override
        public FramingSpec framing(Side side) {
            return LINES;
        }

        @Override
        public List<ChannelHandler> newCodecHandlers(Side side) {
            // The framing hands lines without a block on as plain ByteBuf slices.
            return List.of(new MessageToMessageDecoder<ByteBuf>(ByteBuf.class) {
                @Override
                protected void decode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
                    out.add(msg.toString(StandardCharsets.UTF_8));
                }
            }, new MessageToByteEncoder<String>(String.class) {
                @Override
                protected void encode(ChannelHandlerContext ctx, String msg, ByteBuf out) {
                    out.writeCharSequence(msg + "\r\n", StandardCharsets.UTF_8);
                }
            });
        }
    };

    private static final class Assembler implements ReplyAssembler {
        private final List<String> values = new ArrayList<>();

        @Override
        public Reply onMessage(Object message, BodyTarget body) {
            String line = (String) message;
            ReferenceCountUtil.release(message);
            if (line.startsWith("VALUE ")) {
                values.add(line.substring(6));
                return null;
            }
            if (line.equals("END")) {
                Reply r = Reply.ok(List.copyOf(values), null);
                values.clear();
                return r;
            }
            if (line.startsWith("SERVER_ERROR")) {
                return Reply.error(ErrorCode.BUSY, line);
            }
            return Reply.ok(List.of(line), null);
        }
    }

    private static final ClientProtocol MEMCACHED_LIKE = new ClientProtocol() {
        @Override
        public ProtocolCodec codec() {
            return CODEC;
        }

        @Override
        public GreetingCheck greeting() {
            return GreetingCheck.none();
        }

        @Override
        public ReplyAssembler newAssembler() {
            return new Assembler();
        }

        @Override
        public Object encode(Request request) {
            return request.verb() + (request.args().isEmpty() ? "" : " " + String.join(" ", request.args()));
        }

        @Override
        public Request keepalive() {
            return Request.query("version");
        }

        @Override
        public Request authenticate(String token) {
            return null;
        }
    };

    @Test
    void customCodecAndAssemblerReuseTheQueueAndTheRetryRules() throws Exception {
        ScriptedServer p = peer(Script.builder().run("answer like memcached, failing the first get", conn -> {
            String line;
            int n = 0;
            while ((line = conn.readLine()) != null) {
                if (line.startsWith("get")) {
                    conn.send(++n == 1 ? "SERVER_ERROR out of memory\r\n" : "VALUE a 0 1\r\nVALUE b 0 1\r\nEND\r\n");
                } else {
                    conn.send("STORED\r\n");
                }
            }
        }).build());
        Session s = session(p.address(), fast().protocol(MEMCACHED_LIKE).build());
        assertEquals(List.of("STORED"), s.send(Request.action("set", "a", "0", "0", "1")).get(2, TimeUnit.SECONDS)
                .args());
        Reply r = s.send(Request.query("get", "a", "b")).get(2, TimeUnit.SECONDS);
        assertEquals(List.of("a 0 1", "b 0 1"), r.args());
        assertEquals(2, count(p, "get a b"), "the transient SERVER_ERROR was retried");
    }
}
