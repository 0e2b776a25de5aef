package dev.parley.server;

import java.time.Duration;
import java.util.Objects;

/**
 * One verb of a protocol: whether it is a query (no side effects, safe to repeat) or an action, its arity and usage
 * text, how its handler runs and what it does with a request body. Immutable; build with {@link #query(String)} or
 * {@link #action(String)}, or let {@link Router.Builder} do it.
 *
 * <p>The usage text gives the arity: {@code <name>} is a required argument, {@code [name]} an optional one, and a
 * last token ending in {@code ...} takes any number more. {@code "<key> [ttl]"} accepts 1 or 2 arguments.
 */
public final class Command {

    /** Whether a command changes state. */
    public enum Kind {
        /** Reads only; repeating it is harmless. */
        QUERY,
        /** Changes state. */
        ACTION
    }

    /** How a command's handler runs. */
    enum Mode {
        SYNC, ASYNC, STREAM
    }

    private final String verb;
    private final Kind kind;
    private final String usage;
    private final String description;
    private final int minArgs;
    private final int maxArgs;
    private final boolean blocking;
    private final Duration timeout;
    private final int maxBodyLength;
    private final Mode mode;
    private final Object handler;

    private Command(Builder b, Mode mode, Object handler) {
        this.verb = b.verb;
        this.kind = b.kind;
        this.usage = b.usage;
        this.description = b.description;
        this.minArgs = b.minArgs;
        this.maxArgs = b.maxArgs;
        this.blocking = b.blocking || mode == Mode.STREAM;
        this.timeout = b.timeout;
        this.maxBodyLength = b.maxBodyLength;
        this.mode = mode;
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * Starts a query command.
     *
     * @param verb the verb, matched exactly as the decoder delivers it (the Parley decoder lower-cases)
     * @return a builder
     */
    public static Builder query(String verb) {
        return new Builder(verb, Kind.QUERY);
    }

    /**
     * Starts an action command.
     *
     * @param verb the verb, matched exactly as the decoder delivers it (the Parley decoder lower-cases)
     * @return a builder
     */
    public static Builder action(String verb) {
        return new Builder(verb, Kind.ACTION);
    }

    /** @return the verb */
    public String verb() {
        return verb;
    }

    /** @return query or action */
    public Kind kind() {
        return kind;
    }

    /** @return the usage text after the verb, possibly empty */
    public String usage() {
        return usage;
    }

    /** @return the one-line description, possibly empty */
    public String description() {
        return description;
    }

    /** @return the fewest arguments accepted */
    public int minArgs() {
        return minArgs;
    }

    /** @return the most arguments accepted; {@link Integer#MAX_VALUE} for any number */
    public int maxArgs() {
        return maxArgs;
    }

    /** @return whether the handler runs on the blocking executor */
    public boolean isBlocking() {
        return blocking;
    }

    /** @return the time limit; {@link Duration#ZERO} means the server's {@link Limits#handlerTimeout()} */
    public Duration timeout() {
        return timeout;
    }

    /** @return the largest body aggregated for the handler; 0 when the command takes no body or streams it */
    public int maxBodyLength() {
        return maxBodyLength;
    }

    /** @return whether the command streams its body to a {@link BodyHandler} */
    public boolean streamsBody() {
        return mode == Mode.STREAM;
    }

    /** @return whether a request of this command may carry a body */
    public boolean acceptsBody() {
        return mode == Mode.STREAM || maxBodyLength > 0;
    }

    Mode mode() {
        return mode;
    }

    Object handler() {
        return handler;
    }

    /** @return {@code verb usage} */
    public String synopsis() {
        return usage.isEmpty() ? verb : verb + ' ' + usage;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ' ' + synopsis()
                + (description.isEmpty() ? "" : " - " + description);
    }

    /** Builder for {@link Command}; ends with one of the handler methods. Not thread-safe. */
    public static final class Builder {
        private final String verb;
        private final Kind kind;
        private String usage = "";
        private String description = "";
        private int minArgs;
        private int maxArgs;
        private boolean blocking;
        private Duration timeout = Duration.ZERO;
        private int maxBodyLength;

        private Builder(String verb, Kind kind) {
            if (verb == null || verb.isEmpty() || verb.chars().anyMatch(c -> c <= ' ')) {
                throw new IllegalArgumentException("verb: \"" + verb + "\" (expected: a word without spaces)");
            }
            this.verb = verb;
            this.kind = kind;
        }

        /**
         * Sets the usage text and derives the arity from it (see {@link Command}). Default: empty, no arguments.
         *
         * @param usage for example {@code "<key> [ttl]"} or {@code "<path>..."}
         * @return this builder
         */
        public Builder usage(String usage) {
            this.usage = Objects.requireNonNull(usage, "usage").trim();
            int min = 0;
            int max = 0;
            for (String token : this.usage.isEmpty() ? new String[0] : this.usage.split("\\s+")) {
                if (token.endsWith("...")) {
                    max = Integer.MAX_VALUE;
                    if (!token.startsWith("[")) {
                        min++;
                    }
                    break;
                }
                max++;
                if (!token.startsWith("[")) {
                    min++;
                }
            }
            this.minArgs = min;
            this.maxArgs = max;
            return this;
        }

        /**
         * Sets the arity explicitly, after {@link #usage(String)}. Default: derived from the usage text.
         *
         * @param min the fewest arguments, {@code >= 0}
         * @param max the most arguments, {@code >= min}
         * @return this builder
         */
        public Builder arity(int min, int max) {
            if (min < 0 || max < min) {
                throw new IllegalArgumentException("arity: " + min + ".." + max + " (expected: 0 <= min <= max)");
            }
            this.minArgs = min;
            this.maxArgs = max;
            return this;
        }

        /**
         * Sets the one-line description shown by {@code help}. Default: empty.
         *
         * @param description the text
         * @return this builder
         */
        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /**
         * Declares that the handler blocks: it runs on the server's bounded blocking executor. Default: non-blocking,
         * on the event loop. Streaming commands are always blocking.
         *
         * @return this builder
         */
        public Builder blocking() {
            this.blocking = true;
            return this;
        }

        /**
         * Sets the time limit of one request, after which it is answered {@code ERR TIMEOUT}. Default:
         * {@link Duration#ZERO}, the server's {@link Limits#handlerTimeout()}.
         *
         * @param timeout a duration {@code >= 0}
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("timeout: " + timeout + " (expected: >= 0)");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Accepts a request body of at most {@code maxLength} bytes, aggregated into one buffer for
         * {@link Call#body()}. A larger body is discarded and answered {@code ERR TOO_LARGE}. Default: 0, the command
         * takes no body ({@code ERR BAD_ARGS}, the body is discarded).
         *
         * @param maxLength the largest body, {@code >= 0}
         * @return this builder
         */
        public Builder aggregateBody(int maxLength) {
            if (maxLength < 0) {
                throw new IllegalArgumentException("maxLength: " + maxLength + " (expected: >= 0)");
            }
            this.maxBodyLength = maxLength;
            return this;
        }

        /**
         * Finishes with a synchronous handler.
         *
         * @param handler the handler
         * @return the command
         */
        public Command handler(Handler handler) {
            return new Command(this, Mode.SYNC, handler);
        }

        /**
         * Finishes with an asynchronous handler, called on the event loop.
         *
         * @param handler the handler
         * @return the command
         * @throws IllegalStateException if the command was declared blocking
         */
        public Command async(AsyncHandler handler) {
            if (blocking) {
                throw new IllegalStateException("an async handler runs on the event loop: do not declare it blocking");
            }
            return new Command(this, Mode.ASYNC, handler);
        }

        /**
         * Finishes with a handler that streams the request body; the command runs on the blocking executor and its
         * requests must carry a body.
         *
         * @param handler the handler
         * @return the command
         */
        public Command streaming(BodyHandler handler) {
            maxBodyLength = 0;
            return new Command(this, Mode.STREAM, handler);
        }
    }
}
