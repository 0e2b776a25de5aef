package dev.parley.bench.abuse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The abuse run in miniature ({@link AbuseOptions#small()}: 5 s, 150 connections, small counts), against
 * {@code parley agent} in its own JVM, held to the same bounds as the full run: the good client's p99 and failures,
 * the agent's peak RSS and open descriptors, the flood answered, the long line rejected, slowloris ended, no
 * {@code OutOfMemoryError}, the agent still serving. Each bound is its own assertion; the report is in the message.
 */
class AbuseRunTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void agentKeepsItsBoundsWhileAttackedFromEverySide() throws Exception {
        AbuseReport report = AbuseRun.run(AbuseOptions.small());
        String text = report.text();
        System.out.print(text);
        assertAll("abuse run report:\n" + text, report.bounds().stream()
                .map(b -> (Executable) () -> assertTrue(b.pass(), b.name() + ": " + b.measured())));
    }
}
