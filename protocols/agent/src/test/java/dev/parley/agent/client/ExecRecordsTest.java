package dev.parley.agent.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parley.agent.fs.ExecChunk;
import dev.parley.client.Reply;
import dev.parley.codec.text.ParleyProtocolException;
import dev.parley.testkit.CodecHarness;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ExecRecords}: the same output however the body is cut into reads, and a malformed record is a framing
 * violation, never read as output.
 */
class ExecRecordsTest {

    /** Feeds reads to a reader; emits {@code out:<text>}/{@code err:<text>} pieces, then the end at channel close. */
    private static final class Feeder extends ChannelInboundHandlerAdapter {
        private final ExecRecords records;
        private final List<String> pieces = new ArrayList<>();
        private final Reply last;
        private boolean failed;

        Feeder(Reply last) {
            this.last = last;
            this.records = new ExecRecords((stream, bytes) -> pieces.add(stream.word() + ":"
                    + bytes.toString(StandardCharsets.UTF_8)));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            ByteBuf in = (ByteBuf) msg;
            try {
                if (!failed) {
                    records.onChunk(in);
                }
            } catch (ParleyProtocolException e) {
                failed = true;
                throw e;
            } finally {
                in.release();
                pieces.forEach(ctx::fireChannelRead);
                pieces.clear();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!failed) {
                try {
                    ExecExit exit = records.end(last);
                    ctx.fireChannelRead(exit == null ? "running" : "exit " + exit.status());
                } catch (ParleyProtocolException e) {
                    ctx.fireChannelRead("violation: " + e.getMessage());
                }
            }
            ctx.fireChannelInactive();
        }
    }

    /** Joins consecutive pieces of one stream: where a read ends inside a record is not part of the output. */
    private static List<String> merged(List<Object> messages) {
        List<String> out = new ArrayList<>();
        for (Object m : messages) {
            String s = m instanceof Throwable ? "violation: " + ((Throwable) m).getMessage() : m.toString();
            int last = out.size() - 1;
            if (last >= 0 && s.length() > 4 && out.get(last).startsWith(s.substring(0, 4))
                    && (s.startsWith("out:") || s.startsWith("err:"))) {
                out.set(last, out.get(last) + s.substring(4));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private static List<?> decode(String body, Reply last) {
        return CodecHarness.builder(() -> new ChannelHandler[] {new Feeder(last)})
                .input(body.getBytes(StandardCharsets.UTF_8))
                .normalizer(ExecRecordsTest::merged)
                .finishAtEnd()
                .build()
                .assertFragmentationInvariant();
    }

    private static Reply exitLine(String... args) {
        return Reply.ok(List.of(args), new byte[0]);
    }

    @Test
    void recordsDecodeToTheSameOutputAtEverySplit() {
        String body = "out {6}\nfirst\nerr {5}\noops\nout {13}\nline\n{9}\nout\n";
        assertEquals(List.of("out:first\n", "err:oops\n", "out:line\n{9}\nout\n", "exit 3"),
                decode(body, exitLine("3")));
    }

    @Test
    void theExitLineGivesTheStatusAndTimedOutGives124() {
        assertEquals(List.of("running"), decode("", exitLine("running")));
        assertEquals(List.of("exit 124"), decode("", exitLine("137", "timed-out")));
        assertEquals(List.of("out:x", "exit 0"), decode("out {1}\nx", exitLine("0", "truncated")));
        assertThrows(ParleyProtocolException.class, () -> new ExecRecords((s, b) -> { }).end(exitLine("x")));
        assertThrows(ParleyProtocolException.class, () -> new ExecRecords((s, b) -> { }).end(exitLine("256")));
    }

    @Test
    void aMalformedHeaderIsAViolationAndNothingAfterItIsOutput() {
        for (String bad : List.of("out {-1}\n", "out {}\n", "out {0}\n", "out {65537}\n", "out {1e3}\n", "OUT {1}\n",
                "in {1}\nx", "out  {1}\n", "out {1} \n", "out {99999999999999}\n", "outx{1}\n", "out {1}\r\n",
                "out {0000000000001}\n", "no line feed in sight at all\n")) {
            List<?> decoded = decode(bad + "out {2}\nhi", exitLine("0"));
            assertEquals(1, decoded.size(), bad + " -> " + decoded);
            assertEquals(true, decoded.get(0).toString().startsWith("violation: run record"), bad + " -> " + decoded);
        }
    }

    @Test
    void aBodyThatEndsInsideARecordIsAViolation() {
        assertEquals(List.of("out:ab", "violation: run output ended inside a record"),
                decode("out {3}\nab", exitLine("0")));
        assertEquals(List.of("violation: run output ended inside a record"), decode("out {3}", exitLine("0")));
    }

    @Test
    void theLargestRecordPasses() {
        ExecRecords r = new ExecRecords((s, b) -> assertEquals(ExecChunk.Stream.ERR, s));
        ByteBuf body = Unpooled.buffer();
        body.writeCharSequence("err {" + ExecChunk.MAX_RECORD_LENGTH + "}\n", StandardCharsets.US_ASCII);
        body.writeZero(ExecChunk.MAX_RECORD_LENGTH);
        try {
            r.onChunk(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            body.release();
        }
        assertNull(r.end(exitLine("running")));
    }
}
