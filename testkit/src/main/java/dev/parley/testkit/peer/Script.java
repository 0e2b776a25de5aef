package dev.parley.testkit.peer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What one side of a connection does, step by step: expect a line, send bytes, wait, stall, close, reset. Played by a
 * {@link ScriptedServer} on each accepted connection or by a {@link ScriptedClient}. Built once, immutable, and
 * playable on any number of connections:
 *
 * <pre>{@code
 * Script s = Script.builder()
 *         .sendLine("HELLO parley/1 test")
 *         .expectLine("ping")
 *         .sendHalfLine("OK po")
 *         .reset()
 *         .build();
 * }</pre>
 *
 * An expectation that is not met within the step timeout ({@link #DEFAULT_STEP_TIMEOUT} unless set) fails the run
 * with an {@link AssertionError} whose message holds the transcript. When the steps run out, the connection is closed.
 */
public final class Script {

    /** How long an expectation waits unless {@link Builder#stepTimeout(Duration)} says otherwise: 5 seconds. */
    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(5);
    /** The seed for {@link Builder#garbage(int)} unless {@link Builder#seed(long)} says otherwise. */
    public static final long DEFAULT_SEED = 0x5EEDL;

    /** A step together with a description of it for failure messages. */
    record Step(String description, StepBody body) {
    }

    /** What a step does; gets the connection and the script's options. */
    @FunctionalInterface
    interface StepBody {
        void run(PeerConnection c, Script script) throws Exception;
    }

    private final List<Step> steps;
    private final Duration stepTimeout;
    private final long seed;

    private Script(Builder b) {
        this.steps = List.copyOf(b.steps);
        this.stepTimeout = b.stepTimeout;
        this.seed = b.seed;
    }

    /** @return a builder for a new script, with no steps */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the time each expectation waits */
    public Duration stepTimeout() {
        return stepTimeout;
    }

    /** @return the seed {@link Builder#garbage(int)} draws from */
    public long seed() {
        return seed;
    }

    List<Step> steps() {
        return steps;
    }

    /** Builds a {@link Script}; each method adds one step, in order, and returns this builder. */
    public static final class Builder {
        private final List<Step> steps = new ArrayList<>();
        private Duration stepTimeout = DEFAULT_STEP_TIMEOUT;
        private long seed = DEFAULT_SEED;
        private int garbageDraws;

        private Builder() {
        }

        /**
         * Sets how long each expectation waits; default {@link #DEFAULT_STEP_TIMEOUT}.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder stepTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("step timeout: " + timeout + " (expected: > 0)");
            }
            this.stepTimeout = timeout;
            return this;
        }

        /**
         * Sets the seed for {@link #garbage(int)}; default {@link #DEFAULT_SEED}, so runs repeat exactly.
         *
         * @param seed any value
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Expects the next line to be exactly {@code line} (without its line feed; a carriage return before it is
         * ignored).
         *
         * @param line the expected text
         * @return this builder
         */
        public Builder expectLine(String line) {
            Objects.requireNonNull(line, "line");
            return expectLine("line \"" + Transcript.escape(line) + "\"", line::equals);
        }

        /**
         * Expects the next line to match a regular expression as a whole.
         *
         * @param regex the pattern
         * @return this builder
         */
        public Builder expectLineMatching(String regex) {
            Pattern p = Pattern.compile(regex);
            return expectLine("a line matching /" + regex + "/", l -> p.matcher(l).matches());
        }

        /**
         * Expects the next line to pass a test.
         *
         * @param what the expectation in words, for the failure message
         * @param test checks the line
         * @return this builder
         */
        public Builder expectLine(String what, Predicate<String> test) {
            return step("expect " + what, (c, s) -> {
                String got = c.readLine(PeerConnection.deadline(s.stepTimeout));
                if (got == null) {
                    throw new AssertionError("expected " + what + ", got end of stream");
                }
                if (!test.test(got)) {
                    throw new AssertionError("expected " + what + ", got \"" + Transcript.escape(got) + "\"");
                }
            });
        }

        /**
         * Expects any one line and records it.
         *
         * @return this builder
         */
        public Builder readLine() {
            return expectLine("a line", l -> true);
        }

        /**
         * Expects {@code n} more bytes, whatever they are.
         *
         * @param n how many
         * @return this builder
         */
        public Builder expectBytes(int n) {
            return step("expect " + n + " bytes", (c, s) -> c.readBytes(n, PeerConnection.deadline(s.stepTimeout)));
        }

        /**
         * Expects exactly these bytes next.
         *
         * @param bytes the expected bytes
         * @return this builder
         */
        public Builder expectBytes(byte[] bytes) {
            byte[] want = bytes.clone();
            String what = "bytes " + Transcript.escape(want);
            return step("expect " + what, (c, s) -> {
                byte[] got = c.readBytes(want.length, PeerConnection.deadline(s.stepTimeout));
                if (!Arrays.equals(want, got)) {
                    throw new AssertionError("expected " + what + ", got " + Transcript.escape(got));
                }
            });
        }

        /**
         * Expects the other side to close its sending direction (end of stream) with nothing more sent before it.
         *
         * @return this builder
         */
        public Builder expectEof() {
            return step("expect end of stream", (c, s) -> {
                int b = c.readByte(PeerConnection.deadline(s.stepTimeout));
                if (b >= 0) {
                    throw new AssertionError("expected end of stream, got byte "
                            + Transcript.escape(new byte[] {(byte) b}));
                }
            });
        }

        /**
         * Sends text as UTF-8, exactly as given.
         *
         * @param text the text, with whatever line ends it needs
         * @return this builder
         */
        public Builder send(String text) {
            return send(text.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Sends bytes.
         *
         * @param bytes the bytes
         * @return this builder
         */
        public Builder send(byte[] bytes) {
            byte[] copy = bytes.clone();
            return step("send " + copy.length + " bytes", (c, s) -> c.send(copy));
        }

        /**
         * Sends a line: the text and a line feed.
         *
         * @param line the text, without its line feed
         * @return this builder
         */
        public Builder sendLine(String line) {
            return send(line + "\n");
        }

        /**
         * Sends part of a line: bytes with no line feed, so the other side waits for the rest.
         *
         * @param text the text, which must not contain a line feed
         * @return this builder
         */
        public Builder sendHalfLine(String text) {
            if (text.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("half line: " + Transcript.escape(text)
                        + " (expected: no line feed)");
            }
            return send(text);
        }

        /**
         * Waits, then sends text as UTF-8.
         *
         * @param delay how long to wait first
         * @param text the text
         * @return this builder
         */
        public Builder sendAfter(Duration delay, String text) {
            return pause(delay).send(text);
        }

        /**
         * Waits, then sends bytes.
         *
         * @param delay how long to wait first
         * @param bytes the bytes
         * @return this builder
         */
        public Builder sendAfter(Duration delay, byte[] bytes) {
            return pause(delay).send(bytes);
        }

        /**
         * Does nothing for a while: neither reads nor writes.
         *
         * @param delay how long
         * @return this builder
         */
        public Builder pause(Duration delay) {
            long ms = delay.toMillis();
            return step("pause " + ms + " ms", (c, s) -> {
                c.transcript().event(c.self(), "pause " + ms + " ms");
                Thread.sleep(ms);
            });
        }

        /**
         * Stops here for good: never reads nor writes again, and keeps the connection open until the peer is closed.
         * A stalled run counts as done for {@code awaitDone}.
         *
         * @return this builder
         */
        public Builder stallForever() {
            return step("stall", (c, s) -> {
                throw new StallSignal();
            });
        }

        /**
         * Sends {@code n} bytes that are not valid UTF-8 and contain no line feed, drawn from the script's seed.
         *
         * @param n how many
         * @return this builder
         */
        public Builder garbage(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("garbage: " + n + " bytes (expected: >= 1)");
            }
            int draw = garbageDraws++;
            return step("send " + n + " bytes of garbage", (c, s) -> c.send(garbageBytes(s.seed + draw, n)));
        }

        /**
         * Closes the connection gracefully (FIN in both directions).
         *
         * @return this builder
         */
        public Builder close() {
            return step("close", (c, s) -> c.close());
        }

        /**
         * Resets the connection (RST): the other side sees "Connection reset" rather than end of stream.
         *
         * @return this builder
         */
        public Builder reset() {
            return step("reset", (c, s) -> c.reset());
        }

        /**
         * Closes only the sending direction: the other side reads end of stream and can still send.
         *
         * @return this builder
         */
        public Builder halfClose() {
            return step("half-close", (c, s) -> c.halfClose());
        }

        /**
         * Reads lines until the other side closes, without a time limit, recording each: a peer that listens and
         * never answers.
         *
         * @return this builder
         */
        public Builder drainUntilEof() {
            return step("read until end of stream", (c, s) -> c.drain());
        }

        /**
         * Answers every line until the other side closes: sends what {@code responder} returns plus a line feed,
         * or nothing when it returns {@code null}. There is no time limit.
         *
         * @param responder the reply to a line
         * @return this builder
         */
        public Builder answerEachLine(Function<String, String> responder) {
            return step("answer each line", (c, s) -> {
                String line;
                while ((line = c.readLine()) != null) {
                    String reply = responder.apply(line);
                    if (reply != null) {
                        c.send(reply + "\n");
                    }
                }
            });
        }

        /**
         * Adds a step written as code.
         *
         * @param what the step in words, for failure messages
         * @param action the step
         * @return this builder
         */
        public Builder run(String what, PeerAction action) {
            return step(what, (c, s) -> action.run(c));
        }

        /** @return the script */
        public Script build() {
            return new Script(this);
        }

        private Builder step(String description, StepBody body) {
            steps.add(new Step(description, body));
            return this;
        }
    }

    static byte[] garbageBytes(long seed, int n) {
        Random random = new Random(seed);
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            int b;
            do {
                b = random.nextInt(256);
            } while (b == '\n');
            out[i] = (byte) b;
        }
        out[0] = (byte) 0xff; // never valid in UTF-8
        return out;
    }

    /** Thrown by the stall step to tell the runner to hold the connection open. */
    static final class StallSignal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StallSignal() {
            super(null, null, false, false);
        }
    }
}
