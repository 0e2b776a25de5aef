package dev.parley.agent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.agent.client.AgentClient;
import dev.parley.agent.client.AgentDeniedException;
import dev.parley.agent.client.ExecExit;
import dev.parley.agent.fs.ExecChunk;
import dev.parley.agent.fs.ExecPolicy;
import dev.parley.codec.text.ErrorCode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's {@code run} and {@code output} on the wire: {@code OK running}, records labelled {@code out}/{@code err}
 * with their length, the exec line at the end; next to them {@code exec} answers exactly as before.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class RunWireTest {

    private static final Pattern RECORD = Pattern.compile("(out|err) \\{(\\d+)}");

    @TempDir
    Path temp;

    private AgentFixture start(Duration timeLimit) throws Exception {
        ExecPolicy policy = ExecPolicy.builder().allow("sh", "sleep", "seq").timeLimit(timeLimit)
                .outputCap(1 << 20).build();
        return new AgentFixture(Files.createDirectories(temp.resolve("root")),
                AgentServer.builder().execPolicy(policy));
    }

    /** Reads {@code output} replies to the end; returns stdout, stderr and the last line. */
    private static String[] readToEnd(NcClient nc) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        for (;;) {
            NcClient.Wire w = nc.call("output");
            assertTrue(w.line().matches("OK (running|-?\\d+( timed-out)?( truncated)?) \\{\\d+}"), w.line());
            parse(w.body(), out, err);
            if (!w.line().startsWith("OK running")) {
                return new String[] {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                        w.line()};
            }
        }
    }

    /** Splits a body into its records, checking that each header announces exactly the bytes that follow. */
    private static void parse(byte[] body, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        int at = 0;
        while (at < body.length) {
            int lf = at;
            while (body[lf] != '\n') {
                lf++;
            }
            Matcher m = RECORD.matcher(new String(body, at, lf - at, StandardCharsets.US_ASCII));
            assertTrue(m.matches(), "record header at " + at);
            int k = Integer.parseInt(m.group(2));
            assertTrue(k >= 1 && k <= 65536, "record length " + k);
            (m.group(1).equals("out") ? out : err).write(body, lf + 1, k);
            at = lf + 1 + k;
        }
        assertEquals(body.length, at, "the body ends at a record's end");
    }

    @Test
    void runAnswersRunningAndOutputGivesStdoutAndStderrApartThenTheExitLine() throws Exception {
        try (AgentFixture fx = start(Duration.ofSeconds(20)); NcClient nc = fx.nc()) {
            assertEquals("OK running", nc.call("run sh -c \"echo out; echo err >&2; exit 3\"").line());
            String[] r = readToEnd(nc);
            assertEquals("out\n", r[0]);
            assertEquals("err\n", r[1]);
            assertTrue(r[2].matches("OK 3 \\{\\d+}"), r[2]);
            assertTrue(nc.call("output").line().startsWith("ERR NOT_FOUND"), "the run is over");
        }
    }

    @Test
    void outputArrivesWhileTheProgramStillRuns() throws Exception {
        try (AgentFixture fx = start(Duration.ofSeconds(20)); NcClient nc = fx.nc()) {
            assertEquals("OK running", nc.call("run sh -c \"echo first; sleep 3; echo second\"").line());
            NcClient.Wire first = nc.call("output");
            assertEquals("OK running {14}", first.line(), "the program has not ended");
            assertEquals("out {6}\nfirst\n", first.bodyText());
            String[] rest = readToEnd(nc);
            assertEquals("second\n", rest[0]);
            assertTrue(rest[2].matches("OK 0 \\{\\d+}"), rest[2]);
        }
    }

    @Test
    void oneRunPerSessionAndOneWaitingOutputAtATimeWithRepliesInRequestOrder() throws Exception {
        try (AgentFixture fx = start(Duration.ofSeconds(20)); NcClient nc = fx.nc()) {
            assertTrue(nc.call("output").line().startsWith("ERR NOT_FOUND"));
            assertEquals("OK running", nc.call("run sleep 1").line());
            assertTrue(nc.call("run sleep 1").line().startsWith("ERR FAILED"), "one program per session");
            nc.send("output");
            nc.send("output");
            nc.send("ping");
            assertEquals("OK 0 {0}", nc.readReply().line());
            assertTrue(nc.readReply().line().startsWith("ERR FAILED output: already waiting"));
            assertEquals("OK pong", nc.readReply().line());
            assertEquals("OK running", nc.call("run sh -c \"exit 0\"").line(), "a new run once the last ended");
            assertTrue(readToEnd(nc)[2].matches("OK 0 \\{0}"));
        }
    }

    @Test
    void aProgramOverTheTimeLimitEndsTimedOutAndBigOutputComesInBoundedReplies() throws Exception {
        try (AgentFixture fx = start(Duration.ofMillis(500)); NcClient nc = fx.nc()) {
            assertEquals("OK running", nc.call("run sleep 30").line());
            assertTrue(readToEnd(nc)[2].matches("OK -?\\d+ timed-out \\{0}"));
        }
        try (AgentFixture fx = start(Duration.ofSeconds(20)); NcClient nc = fx.nc()) {
            assertEquals("OK running", nc.call("run seq 1 200000").line());
            int replies = 0;
            int total = 0;
            for (;;) {
                NcClient.Wire w = nc.call("output");
                replies++;
                assertTrue(w.body().length <= RunCommands.MAX_BATCH + 16 * 16, "bounded reply: " + w.line());
                total += w.body().length;
                if (!w.line().startsWith("OK running")) {
                    assertEquals("OK 0 truncated", w.line().replaceAll(" \\{\\d+}$", ""));
                    break;
                }
            }
            assertTrue(replies >= 16, "1 MiB in replies of at most 64 KiB: " + replies);
            assertTrue(total > 1 << 20, "the cap counts output, not record headers");
        }
    }

    @Test
    void theTypedClientRunsWithBothStreamsToItsSinkAndReturnsTheExit() throws Exception {
        try (AgentFixture fx = start(Duration.ofSeconds(20)); AgentClient agent = fx.client()) {
            StringBuilder out = new StringBuilder();
            StringBuilder err = new StringBuilder();
            ExecExit exit = agent.run(Duration.ofSeconds(30), "sh", List.of("-c", "echo out; echo err >&2; exit 4"),
                    (stream, bytes) -> (stream == ExecChunk.Stream.OUT ? out : err)
                            .append(bytes.toString(StandardCharsets.UTF_8)));
            assertEquals(new ExecExit(4, false, false), exit);
            assertEquals(4, exit.status());
            assertEquals("out\n", out.toString());
            assertEquals("err\n", err.toString());
            AgentDeniedException denied = assertThrows(AgentDeniedException.class,
                    () -> agent.run(Duration.ofSeconds(30), "rm", List.of("-r", "/"), (stream, bytes) -> { }));
            assertEquals(ErrorCode.DENIED, denied.errorCode());
        }
    }

    @Test
    void execStillAnswersItsOneReplyWithStdoutAndStderrTogether() throws Exception {
        try (AgentFixture fx = start(Duration.ofSeconds(20)); NcClient nc = fx.nc()) {
            NcClient.Wire w = nc.call("exec sh -c \"echo out; sleep 0.2; echo err >&2; exit 3\"");
            assertEquals("OK 3 {8}", w.line());
            assertEquals("out\nerr\n", w.bodyText());
        }
    }
}
