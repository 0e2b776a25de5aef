package dev.parley.codec.pipeline;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.codec.text.ParleyReply;
import dev.parley.codec.text.ParleyRequest;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParleyPipelineTest {

    /** Records idle events that reach the end of the pipeline. */
    private static final class IdleEvents extends ChannelInboundHandlerAdapter {
        final List<IdleState> states = new ArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                states.add(((IdleStateEvent) evt).state());
            }
        }
    }

    private static EmbeddedChannel frozen(MockTicker ticker, Duration readIdle, IdleEvents events) {
        EmbeddedChannel ch = EmbeddedChannel.builder().ticker(ticker).build();
        ParleyPipeline.install(ch.pipeline(), ParleyTextCodec.create(), Side.SERVER,
                PipelineOptions.builder().readIdle(readIdle).build());
        ch.pipeline().addLast(events);
        return ch;
    }

    @Test
    void aPartialLineTrickledSlowlyDoesNotCountAsActivity() {
        MockTicker ticker = Ticker.newMockTicker();
        IdleEvents events = new IdleEvents();
        EmbeddedChannel ch = frozen(ticker, Duration.ofSeconds(10), events);
        // A slowloris peer: one byte every 3 seconds, never a whole line.
        for (char c : "pin".toCharArray()) {
            ch.writeInbound(Unpooled.copiedBuffer(new byte[] {(byte) c}));
            ticker.advance(3, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
        }
        ticker.advance(2, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertEquals(List.of(IdleState.READER_IDLE), events.states);
        ch.writeInbound(Unpooled.copiedBuffer("g\n", StandardCharsets.US_ASCII));
        assertEquals(ParleyRequest.of("ping"), ch.readInbound());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void completeRequestsKeepTheConnectionActive() {
        MockTicker ticker = Ticker.newMockTicker();
        IdleEvents events = new IdleEvents();
        EmbeddedChannel ch = frozen(ticker, Duration.ofSeconds(10), events);
        for (int i = 0; i < 5; i++) {
            ticker.advance(6, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
            ch.writeInbound(Unpooled.copiedBuffer("ping\n", StandardCharsets.US_ASCII));
            assertNotNull(ch.readInbound());
        }
        assertTrue(events.states.isEmpty(), "no idle event while requests keep coming: " + events.states);
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void handlersHaveTheirDocumentedNamesAndOrder() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ParleyPipeline.install(ch.pipeline(), ParleyTextCodec.create(), Side.CLIENT,
                PipelineOptions.builder().readIdle(Duration.ofSeconds(1))
                        .wireTrace(PipelineOptions.WireTrace.ALWAYS).build());
        List<String> names = ch.pipeline().names().stream().filter(n -> n.startsWith("parley-"))
                .collect(Collectors.toList());
        assertEquals(List.of(ParleyPipeline.FRAMING, ParleyPipeline.WIRE_TRACE, ParleyPipeline.IDLE,
                ParleyPipeline.CODEC_PREFIX + 0, ParleyPipeline.CODEC_PREFIX + 1), names);
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void serverWithoutWireTraceDecodesRequestsInsideTheFraming() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ParleyPipeline.install(ch.pipeline(), ParleyTextCodec.create(), Side.SERVER,
                PipelineOptions.builder().readIdle(Duration.ofSeconds(1))
                        .wireTrace(PipelineOptions.WireTrace.NEVER).build());
        List<String> names = ch.pipeline().names().stream().filter(n -> n.startsWith("parley-"))
                .collect(Collectors.toList());
        assertEquals(List.of(ParleyPipeline.FRAMING, ParleyPipeline.IDLE, ParleyPipeline.CODEC_PREFIX + 0), names);
        ch.writeInbound(Unpooled.copiedBuffer("PING\n\nget k\n", StandardCharsets.US_ASCII));
        assertEquals(ParleyRequest.of("ping"), ch.readInbound());
        assertEquals(ParleyRequest.of("get", "k"), ch.readInbound());
        assertNull(ch.readInbound());
        assertEquals(3, ((dev.parley.codec.framing.FrameDecoder) ch.pipeline().get(ParleyPipeline.FRAMING))
                .framesDecoded(), "a blank line is a frame too");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void serverWithWireTraceKeepsTheRequestDecoderAfterTheTrace() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ParleyPipeline.install(ch.pipeline(), ParleyTextCodec.create(), Side.SERVER,
                PipelineOptions.builder().wireTrace(PipelineOptions.WireTrace.ALWAYS).build());
        List<String> names = ch.pipeline().names().stream().filter(n -> n.startsWith("parley-"))
                .collect(Collectors.toList());
        assertEquals(List.of(ParleyPipeline.FRAMING, ParleyPipeline.WIRE_TRACE, ParleyPipeline.CODEC_PREFIX + 0,
                ParleyPipeline.CODEC_PREFIX + 1), names);
        ch.writeInbound(Unpooled.copiedBuffer("ping\n", StandardCharsets.US_ASCII));
        assertEquals(ParleyRequest.of("ping"), ch.readInbound());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void wireTraceIsAbsentWhenItsLoggerIsOff() {
        Logger wire = (Logger) LoggerFactory.getLogger(WireTraceHandler.LOGGER_NAME);
        Level before = wire.getLevel();
        wire.setLevel(Level.DEBUG);
        try {
            EmbeddedChannel ch = new EmbeddedChannel();
            ParleyPipeline.install(ch.pipeline(), ParleyTextCodec.create(), Side.SERVER);
            assertNull(ch.pipeline().get(ParleyPipeline.WIRE_TRACE));
            assertFalse(ch.finishAndReleaseAll());
        } finally {
            wire.setLevel(before);
        }
    }

    @Test
    void wireTraceLogsFramesBothWaysWithEscapesAndSummarisedBlocks() {
        Logger wire = (Logger) LoggerFactory.getLogger(WireTraceHandler.LOGGER_NAME);
        Level before = wire.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        wire.addAppender(appender);
        wire.setLevel(Level.TRACE);
        try {
            EmbeddedChannel ch = new EmbeddedChannel();
            ParleyPipeline.install(ch.pipeline(), ParleyTextCodec.create(), Side.SERVER);
            byte[] body = new byte[1000];
            body[0] = 1;
            ch.writeInbound(Unpooled.copiedBuffer("push \"a\\tb\" {1000}\n", StandardCharsets.US_ASCII),
                    Unpooled.wrappedBuffer(body));
            ch.writeOutbound(ParleyReply.ok("done"));
            String id = ch.id().asShortText();
            List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .collect(Collectors.toList());
            assertEquals("[" + id + "] < push \"a\\x5Ctb\" {1000}", lines.get(0));
            assertTrue(lines.get(1).startsWith("[" + id + "] < [block chunk 1000 bytes, last] \\x01\\x00"),
                    lines.get(1));
            assertTrue(lines.get(1).endsWith("..."), "a block is summarised: " + lines.get(1));
            assertEquals("[" + id + "] > OK done\\x0A", lines.get(2));
            ch.finishAndReleaseAll();
        } finally {
            wire.setLevel(before);
            wire.detachAppender(appender);
        }
    }

    @Test
    void wireTraceRedactsTheArgumentsOfAuthLinesBothWays() {
        Logger wire = (Logger) LoggerFactory.getLogger(WireTraceHandler.LOGGER_NAME);
        Level before = wire.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        wire.addAppender(appender);
        wire.setLevel(Level.TRACE);
        try {
            EmbeddedChannel server = new EmbeddedChannel();
            ParleyPipeline.install(server.pipeline(), ParleyTextCodec.create(), Side.SERVER);
            server.writeInbound(Unpooled.copiedBuffer("auth s3cret\nAUTH\tuser \"pa ss\"\r\nauthor x\n",
                    StandardCharsets.US_ASCII));
            EmbeddedChannel client = new EmbeddedChannel();
            ParleyPipeline.install(client.pipeline(), ParleyTextCodec.create(), Side.CLIENT);
            client.writeOutbound(ParleyRequest.of("auth", "s3cret"));
            List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .collect(Collectors.toList());
            String s = "[" + server.id().asShortText() + "] ";
            String c = "[" + client.id().asShortText() + "] ";
            assertEquals(List.of(s + "< auth ***", s + "< AUTH ***", s + "< author x", c + "> auth ***"), lines);
            assertEquals(ParleyRequest.of("auth", "s3cret"), server.readInbound(), "only the log is redacted");
            server.finishAndReleaseAll();
            client.finishAndReleaseAll();
        } finally {
            wire.setLevel(before);
            wire.detachAppender(appender);
        }
    }

    @Test
    void optionsValidateAndRoundTrip() {
        PipelineOptions options = PipelineOptions.builder().readIdle(Duration.ofMinutes(5))
                .writeIdle(Duration.ofSeconds(30)).wireTrace(PipelineOptions.WireTrace.NEVER).build();
        assertEquals(options, options.toBuilder().build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PipelineOptions.builder().readIdle(Duration.ofSeconds(-1)));
        assertEquals("readIdle: PT-1S (expected: >= 0)", e.getMessage());
    }
}
