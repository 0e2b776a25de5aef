package dev.parley.testkit.server.conformance;

import dev.parley.codec.framing.Framing;
import dev.parley.codec.framing.FramingSpec;
import dev.parley.codec.pipeline.ProtocolCodec;
import dev.parley.codec.pipeline.Side;
import dev.parley.server.Limits;
import dev.parley.server.ParleyServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The suite fails protocols that break its rules: the checks can fail, and say why. */
class ConformanceCatchesDefectsTest {

    /** Lines as they come, except that a NUL byte makes the decoder fail the way an unchecked index does. */
    private static final class NulTrips implements ProtocolCodec {
        private final FramingSpec framing = Framing.lines().build();

        @Override
        public String name() {
            return "nul-trips";
        }

        @Override
        public FramingSpec framing(Side side) {
            return framing;
        }

        @Override
        public List<ChannelHandler> newCodecHandlers(Side side) {
            return List.of(new MessageToMessageDecoder<Object>() {
                @Override
                protected void decode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
                    ByteBuf content = msg instanceof ByteBufHolder ? ((ByteBufHolder) msg).content()
                            : msg instanceof ByteBuf ? (ByteBuf) msg : null;
                    if (content != null && content.indexOf(content.readerIndex(), content.writerIndex(),
                            (byte) 0) >= 0) {
                        throw new IndexOutOfBoundsException("index: -1");
                    }
                    out.add(ReferenceCountUtil.retain(msg));
                }
            });
        }
    }

    @Test
    void anUntypedDecoderErrorOnGarbageFailsTheSuite() {
        CodecConformance suite = new CodecConformance() {
            @Override
            protected ProtocolCodec codec() {
                return new NulTrips();
            }

            @Override
            protected List<Sample> samples() {
                return List.of(Sample.of("a\n", ""));
            }
        };
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                suite::garbageDecodesToMessagesAndTypedErrorsOnly);
        assertTrue(e.getMessage().contains("UNTYPED error"), e.getMessage());
    }

    @Test
    void aReplyOtherThanTheSampleSaysFailsTheSuite() {
        ProtocolConformance suite = parley(List.of(Sample.of("ping\n", "OK ping\n")), Duration.ofSeconds(30));
        try {
            assertThrows(AssertionFailedError.class, suite::everySampleIsAnsweredByteForByte);
        } finally {
            suite.closeConnections();
        }
    }

    @Test
    void anIdleFarewellThatIsNotAnErrorReplyFailsTheSuite() {
        ProtocolConformance suite = new ProtocolConformance() {
            @Override
            protected ParleyServer server() {
                return ParleyServer.builder().server(s -> s.limits(l -> l.idleTimeout(Duration.ofSeconds(30))))
                        .build();
            }

            @Override
            protected List<Sample> samples() {
                return List.of(Sample.of("ping\n", "OK pong\n"));
            }

            @Override
            protected boolean isErrorReply(String line) {
                return line.startsWith("ERR ");
            }
        };
        try {
            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    suite::anIdleSessionEndsAfterExactlyTheIdleTimeout);
            assertTrue(e.getMessage().contains("BYE IDLE"), e.getMessage());
        } finally {
            suite.closeConnections();
        }
    }

    private static ProtocolConformance parley(List<Sample> samples, Duration idle) {
        return new ProtocolConformance() {
            @Override
            protected ParleyServer server() {
                return ParleyServer.builder().server(s -> s.limits(l -> l.idleTimeout(idle))).build();
            }

            @Override
            protected List<Sample> samples() {
                return samples;
            }
        };
    }
}
