package dev.parley.bench.abuse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The abuse run in miniature ({@link AbuseOptions#small()}: 5 s, 150 connections, small counts), against
 * {@code parley agent} in its own JVM, held to the bounds of the full run (the good client's p99 to a starvation bound,
 * {@link AbuseOptions#SMALL_P99_BOUND_MILLIS}, instead of 50 ms): the good client's p99 and failures,
 * the agent's peak RSS and open descriptors, the flood answered, the long line rejected, slowloris ended, no
 * {@code OutOfMemoryError}, the agent still serving. Each bound is its own assertion; the report is in the message.
 * With {@code -Preliability} (system property {@value #FULL}) it is the full run, with {@code AbuseRun}'s defaults.
 */
class AbuseRunTest {

    /** Set by the bench module's {@code reliability} profile: the full run instead of the miniature. */
    static final String FULL = "parley.abuse.full";

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void agentKeepsItsBoundsWhileAttackedFromEverySide() throws Exception {
        AbuseReport report = AbuseRun.run(Boolean.getBoolean(FULL) ? new AbuseOptions() : AbuseOptions.small());
        String text = report.text();
        System.out.print(text);
        assertAll("abuse run report:\n" + text, report.bounds().stream()
                .map(b -> (Executable) () -> assertTrue(b.pass(), b.name() + ": " + b.measured())));
    }
}
