package dev.parley.testkit.server.conformance;

import dev.parley.codec.framing.OversizePolicy;
import dev.parley.codec.pipeline.ProtocolCodec;
import dev.parley.codec.pipeline.Side;
import dev.parley.server.ParleyServer;
import dev.parley.testkit.ByteStrings;
import dev.parley.testkit.server.ServerHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole conformance suite: the codec checks of {@link CodecConformance} and the same ground at the server,
 * through a {@link ServerHarness} per connection (in memory, frozen time). A protocol built on the toolkit extends it,
 * gives its {@link #server()} and {@link #samples()}, and names the subclass {@code ...ConformanceTest}:
 * <pre>{@code
 * class KvConformanceTest extends ProtocolConformance {
 *     protected ParleyServer server() { return ParleyServer.builder().router(KvCommands.router()).build(); }
 *     protected List<Sample> samples() {
 *         return List.of(Sample.of("put a 1\n", "OK\n"), Sample.of("get a\n", "OK 1\n"));
 *     }
 * }
 * }</pre>
 *
 * <p>Server-level checks: the samples, in order on one connection, are answered byte for byte; the same when sent
 * one byte at a time and when each is split in two at every point; all of them in one write (a pipelined burst,
 * {@link #burstRepeats()} times over) are answered in order; a line over the limit is answered with an
 * {@link #isErrorReply error} and the session goes on (or, under {@link OversizePolicy#CLOSE}, the connection closes);
 * {@link #garbage() garbage} is answered with errors and the session goes on, or the connection closes, as
 * {@link #onGarbage()} declares; an end of input in the middle of any sample closes the connection, with nothing
 * leaked; and the session ends after exactly {@link ParleyServer#limits() the idle timeout} of silence and not a
 * nanosecond before (a server whose idle timeout is zero must stay open and silent through a day of it). Every
 * connection is closed with the harness's leftover and leak check.
 *
 * <p>{@link #server()} is called for every connection the suite opens and must return a server in its initial state
 * each time (a fresh store, a fresh directory), since the samples run again on each.
 */
public abstract class ProtocolConformance extends CodecConformance {

    /** How a protocol treats a line of junk. */
    public enum OnGarbage {
        /** It answers with one or more {@link #isErrorReply error} lines and reads the next request normally. */
        ANSWER_AND_CONTINUE,
        /** It closes the connection, after nothing but error lines: the stream is no longer trusted. */
        CLOSE
    }

    private final List<ServerHarness> open = new ArrayList<>();
    private ProtocolCodec codec;

    /**
     * Returns the protocol's server, in its initial state.
     *
     * @return a server definition, without TLS; its router, limits, greeting and codec are what is tested
     */
    protected abstract ParleyServer server();

    /**
     * Returns the server's codec.
     *
     * @return by default {@code server().codec()}, asked once per test
     */
    @Override
    protected ProtocolCodec codec() {
        if (codec == null) {
            codec = server().codec();
        }
        return codec;
    }

    /**
     * Declares how the protocol treats {@link #garbage()}.
     *
     * @return by default {@link OnGarbage#ANSWER_AND_CONTINUE}
     */
    protected OnGarbage onGarbage() {
        return OnGarbage.ANSWER_AND_CONTINUE;
    }

    /**
     * Returns whether a reply line (terminator removed) is the protocol's way of saying "error".
     *
     * @param line one reply line
     * @return by default whether it starts with {@code ERR } or {@code BYE } (the Parley text protocol)
     */
    protected boolean isErrorReply(String line) {
        return line.startsWith("ERR ") || line.startsWith("BYE ");
    }

    /**
     * Returns how many times the samples are repeated in the pipelined burst.
     *
     * @return by default 1; raise it when running the samples again on the same connection gives the same replies
     */
    protected int burstRepeats() {
        return 1;
    }

    /**
     * Closes every connection {@link #connect()} opened, checking each for leftovers and leaks.
     *
     * @throws org.opentest4j.AssertionFailedError if a connection did not end clean
     */
    @AfterEach
    public void closeConnections() {
        List<ServerHarness> all = new ArrayList<>(open);
        open.clear();
        for (ServerHarness h : all) {
            h.close();
        }
    }

    /** @return a new connection to a fresh {@link #server()}, closed (and checked) after the test */
    protected final ServerHarness connect() {
        ServerHarness h = ServerHarness.create(server());
        open.add(h);
        return h;
    }

    @Test
    public void everySampleIsAnsweredByteForByte() {
        ServerHarness h = connect();
        for (Sample s : samples()) {
            assertBytes(s.reply(), h.send(s.request()).readAllBytes(), s.name());
        }
        assertTrue(h.isOpen(), "the connection closed after the samples");
    }

    @Test
    public void samplesSentOneByteAtATimeAreAnsweredTheSame() {
        ServerHarness h = connect();
        byte[] requests = all(false, 1);
        for (byte b : requests) {
            h.send(new byte[] {b});
        }
        assertBytes(all(true, 1), h.readAllBytes(), "all samples one byte at a time");
    }

    @Test
    public void eachSampleSplitAtAnyPointIsAnsweredTheSame() {
        List<Sample> samples = samples();
        for (int i = 0; i < samples.size(); i++) {
            byte[] request = samples.get(i).request();
            for (int cut : Garbage.cuts(request.length, 12)) {
                ServerHarness h = connect();
                for (Sample before : samples.subList(0, i)) {
                    h.send(before.request());
                }
                h.readAllBytes();
                h.send(Arrays.copyOf(request, cut)).send(Arrays.copyOfRange(request, cut, request.length));
                assertBytes(samples.get(i).reply(), h.readAllBytes(), samples.get(i).name() + " split at " + cut);
                h.close();
            }
        }
    }

    @Test
    public void aPipelinedBurstIsAnsweredInOrder() {
        ServerHarness h = connect();
        int repeats = burstRepeats();
        assertBytes(all(true, repeats), h.send(all(false, repeats)).readAllBytes(),
                samples().size() * repeats + " samples in one write");
    }

    @Test
    public void aLineOverTheLimitIsAnsweredAndTheSessionGoesOn() {
        ServerHarness h = connect();
        Sample next = samples().get(0);
        byte[] over = ("y".repeat(maxLineLength() + 1) + lineEnd()).getBytes(StandardCharsets.US_ASCII);
        String reply = h.send(Garbage.concat(over, next.request())).readAll();
        if (codec().framing(Side.SERVER).oversizePolicy() == OversizePolicy.CLOSE) {
            assertFalse(h.isOpen(), "under OversizePolicy.CLOSE the connection closes after an oversized line");
            assertErrorLines(reply, "the reply to an oversized line", 1);
            return;
        }
        assertTrue(reply.endsWith(next.replyText()), () -> "the sample after an oversized line was not answered: "
                + escape(reply));
        assertErrorLines(reply.substring(0, reply.length() - next.replyText().length()),
                "the reply to an oversized line", 1);
        assertEquals(1, lines(reply.substring(0, reply.length() - next.replyText().length())).size(),
                () -> "an oversized line is answered with one line: " + escape(reply));
        assertTrue(h.isOpen());
    }

    @Test
    public void garbageIsAnsweredWithErrorsOrClosesTheConnection() {
        Sample next = samples().get(0);
        for (byte[] junk : garbage()) {
            String name = "garbage " + ByteStrings.escape(junk);
            ServerHarness h = connect();
            String reply = h.send(junk).readAll();
            if (onGarbage() == OnGarbage.CLOSE) {
                assertFalse(h.isOpen(), () -> name + ": the connection stayed open (declared: OnGarbage.CLOSE)");
                assertErrorLines(reply, name, 0);
            } else {
                assertTrue(h.isOpen(), () -> name + ": the connection closed (declared: ANSWER_AND_CONTINUE)");
                assertErrorLines(reply, name, 1);
                assertBytes(next.reply(), h.send(next.request()).readAllBytes(), name + ", then " + next.name());
            }
            h.close();
        }
    }

    @Test
    public void endOfInputInTheMiddleOfASampleClosesTheConnectionCleanly() {
        List<Sample> samples = samples();
        for (int i = 0; i < samples.size(); i++) {
            byte[] request = samples.get(i).request();
            for (int cut : Garbage.cuts(request.length, 8)) {
                ServerHarness h = connect();
                for (Sample before : samples.subList(0, i)) {
                    h.send(before.request());
                }
                h.send(Arrays.copyOf(request, cut)).closeInput();
                String name = samples.get(i).name() + " ending after " + cut + " bytes";
                assertFalse(h.isOpen(), () -> name + ": the connection is still open");
                h.close();
            }
        }
    }

    @Test
    public void anIdleSessionEndsAfterExactlyTheIdleTimeout() {
        Duration idle = server().limits().idleTimeout();
        ServerHarness h = connect();
        if (idle.isZero()) {
            h.advance(Duration.ofDays(1));
            assertTrue(h.isOpen(), "no idle timeout is set, yet the session ended");
            assertEquals("", h.readAll());
            return;
        }
        h.advance(idle.dividedBy(2));
        Sample first = samples().get(0);
        assertBytes(first.reply(), h.send(first.request()).readAllBytes(), first.name());
        h.advance(idle.minusNanos(1));
        assertTrue(h.isOpen(), "the session ended before the idle timeout of " + idle + " since the last request");
        assertEquals("", h.readAll());
        h.advance(Duration.ofNanos(1));
        assertFalse(h.isOpen(), "the session is still open after the idle timeout of " + idle);
        assertErrorLines(h.readAll(), "the farewell of an idle session", 0);
    }

    private byte[] all(boolean replies, int repeats) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int r = 0; r < repeats; r++) {
            for (Sample s : samples()) {
                out.writeBytes(replies ? s.reply() : s.request());
            }
        }
        return out.toByteArray();
    }

    private void assertErrorLines(String reply, String what, int atLeast) {
        List<String> lines = lines(reply);
        assertTrue(lines.size() >= atLeast, () -> what + ": expected an error reply, got " + escape(reply));
        for (String line : lines) {
            assertTrue(isErrorReply(line), () -> what + ": not an error reply: " + escape(line));
        }
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            }
        }
        return lines;
    }

    private static void assertBytes(byte[] expected, byte[] actual, String what) {
        assertEquals(ByteStrings.escape(expected), ByteStrings.escape(actual), what);
    }

    private static String escape(String s) {
        return ByteStrings.escape(s.getBytes(StandardCharsets.UTF_8));
    }
}
