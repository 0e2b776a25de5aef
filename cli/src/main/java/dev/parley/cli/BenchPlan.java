package dev.parley.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What {@code parley bench} sends and how it reads the answers: the request line, the shape (connections ×
 * outstanding requests), the per-request timeout, the expected reply prefix and whether a greeting is skipped.
 *
 * @param requestLine the line sent for every request, without its line end
 * @param crlf whether lines end in CR LF instead of LF
 * @param connections the number of connections
 * @param depth the number of requests each connection keeps outstanding
 * @param warmup how long replies are not measured after the start
 * @param duration how long replies are measured after the warm-up
 * @param timeout how long a request may stay unanswered, and how long a connect may take
 * @param expect the prefix a reply line must start with to count as a success, or {@code null} for any line
 * @param skipGreeting whether a first line starting with {@code HELLO } is a greeting, not a reply
 * @param threads the number of event loop threads
 */
record BenchPlan(String requestLine, boolean crlf, int connections, int depth, Duration warmup, Duration duration,
                 Duration timeout, String expect, boolean skipGreeting, int threads) {

    /** The first word of a Parley text protocol greeting, with its separator. */
    static final String GREETING_PREFIX = "HELLO ";

    /** @return the bytes of one request line, line end included */
    byte[] requestBytes() {
        return (requestLine + (crlf ? "\r\n" : "\n")).getBytes(StandardCharsets.UTF_8);
    }

    /** @return the expected prefix as bytes, or {@code null} when any line is a success */
    byte[] expectBytes() {
        return expect == null ? null : expect.getBytes(StandardCharsets.UTF_8);
    }
}
