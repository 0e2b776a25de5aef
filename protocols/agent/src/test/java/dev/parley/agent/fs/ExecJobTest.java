package dev.parley.agent.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testkit.Await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@link ExecRunner#start}: output by stream as it is read, a bounded window, the cap and the time limit. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class ExecJobTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    private Sandbox sandbox;

    @BeforeEach
    void setUp() throws IOException {
        sandbox = Sandbox.of(Files.createDirectory(temp.resolve("root")));
    }

    /** Takes everything until the job ends; returns stdout and stderr as text, and the result. */
    private static Drained drain(ExecJob job) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + BOUND.toNanos();
        for (;;) {
            CountDownLatch ready = new CountDownLatch(1);
            assertTrue(job.whenReady(ready::countDown));
            assertTrue(ready.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS), "output or end in time");
            ExecJob.Batch batch = job.take(64 * 1024);
            for (ExecChunk c : batch.chunks()) {
                (c.stream() == ExecChunk.Stream.OUT ? out : err).writeBytes(c.bytes());
            }
            if (batch.result() != null) {
                return new Drained(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                        batch.result());
            }
        }
    }

    private record Drained(String out, String err, ExecResult result) {
    }

    @Test
    void standardOutputAndErrorArriveApartAndTheJobEndsWithTheExitCode() throws Exception {
        ExecRunner runner = new ExecRunner(sandbox, ExecPolicy.allowing("sh"));
        Drained d = drain(runner.start("/", "sh", List.of("-c", "echo out; echo err >&2; exit 3")));
        assertEquals("out\n", d.out());
        assertEquals("err\n", d.err());
        assertEquals(3, d.result().exitCode());
        assertFalse(d.result().timedOut());
        assertFalse(d.result().truncated());
    }

    @Test
    void outputIsReadyWhileTheProgramStillRuns() throws Exception {
        ExecRunner runner = new ExecRunner(sandbox, ExecPolicy.builder().allow("sh")
                .timeLimit(Duration.ofSeconds(10)).build());
        ExecJob job = runner.start("/", "sh", List.of("-c", "echo first; sleep 30"));
        CountDownLatch ready = new CountDownLatch(1);
        assertTrue(job.whenReady(ready::countDown));
        assertTrue(ready.await(BOUND.toSeconds(), TimeUnit.SECONDS));
        ExecJob.Batch batch = job.take(1024);
        assertEquals("out: first\n", batch.chunks().get(0).toString());
        assertEquals(null, batch.result(), "the program still runs");
        assertTrue(job.whenReady(() -> { }), "waits for more");
        assertFalse(job.whenReady(() -> { }), "one waiter at a time");
    }

    @Test
    void aJobThatNobodyReadsHoldsAtMostItsWindowAndLosesNothing() throws Exception {
        // 3,000,000 lines of seq: 22,888,896 bytes, far over the window, under the cap.
        ExecRunner runner = new ExecRunner(sandbox, ExecPolicy.builder().allow("seq").outputCap(64 << 20).build());
        ExecJob job = runner.start("/", "seq", List.of("1", "3000000"));
        Await.until(BOUND, "the window fills", () -> job.heldBytes() >= ExecJob.WINDOW - 8192);
        for (int i = 0; i < 20; i++) {
            assertTrue(job.heldBytes() <= ExecJob.WINDOW, "held: " + job.heldBytes());
            Thread.onSpinWait();
        }
        assertFalse(job.isDone());
        Drained d = drain(job);
        assertEquals(22_888_896, d.out().length());
        assertTrue(d.out().endsWith("\n2999999\n3000000\n"));
        assertEquals(0, d.result().exitCode());
        assertFalse(d.result().truncated());
    }

    @Test
    void outputOverTheCapIsDroppedAndTheResultSaysTruncated() throws Exception {
        ExecRunner runner = new ExecRunner(sandbox, ExecPolicy.builder().allow("seq").outputCap(1000).build());
        Drained d = drain(runner.start("/", "seq", List.of("1", "100000")));
        assertEquals(1000, d.out().length());
        assertTrue(d.out().startsWith("1\n2\n3\n"));
        assertTrue(d.result().truncated());
        assertEquals(0, d.result().exitCode());
    }

    @Test
    void aProgramOverItsTimeLimitEndsTheJobTimedOut() throws Exception {
        ExecRunner runner = new ExecRunner(sandbox, ExecPolicy.builder().allow("sleep")
                .timeLimit(Duration.ofMillis(300)).build());
        long start = System.nanoTime();
        Drained d = drain(runner.start("/", "sleep", List.of("30")));
        assertTrue(d.result().timedOut());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos(), "not before the limit");
        assertNotNull(d.result().elapsed());
    }

    @Test
    void runSeparatedLabelsEachChunkWithItsStream() throws Exception {
        ExecRunner runner = new ExecRunner(sandbox, ExecPolicy.allowing("sh"));
        ExecResult r = runner.runSeparated("/", "sh", List.of("-c", "echo out; sleep 0.2; echo err >&2"));
        assertEquals(List.of("out: out\n", "err: err\n"), r.chunks().stream().map(ExecChunk::toString).toList());
        assertEquals("out\nerr\n", r.outputAsString());
    }
}
