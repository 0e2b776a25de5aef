package dev.parley.server;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Maps verbs to {@link Command}s. Immutable; build with {@link #builder()}:
 * <pre>{@code
 * Router router = Router.builder()
 *     .query("get", "<key>", call -> Reply.ok(store.get(call.arg(0))))
 *     .action("put", "<key> <value>", call -> { store.put(call.arg(0), call.arg(1)); return Reply.OK; })
 *     .build();
 * }</pre>
 * Built-in verbs ({@link Builtin}) are added unless turned off; a command registered under the same verb wins.
 */
public final class Router {

    private final Map<String, Command> commands;
    private final Set<Builtin> builtins;

    private Router(Map<String, Command> commands, Set<Builtin> builtins) {
        this.commands = Collections.unmodifiableMap(new LinkedHashMap<>(commands));
        this.builtins = Collections.unmodifiableSet(builtins.isEmpty() ? EnumSet.noneOf(Builtin.class)
                : EnumSet.copyOf(builtins));
    }

    /**
     * Returns a builder with all built-ins enabled and no commands.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a router with the built-ins only.
     *
     * @return the router
     */
    public static Router builtinsOnly() {
        return builder().build();
    }

    /**
     * Returns a builder holding this router's commands and built-ins.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder().builtins(builtins);
        b.commands.putAll(commands);
        return b;
    }

    /**
     * Returns the command registered for a verb (built-ins are not commands and are not returned).
     *
     * @param verb the verb as delivered by the decoder
     * @return the command, or {@code null}
     */
    public Command command(String verb) {
        return commands.get(verb);
    }

    /** @return the registered commands, in registration order */
    public Collection<Command> commands() {
        return commands.values();
    }

    /** @return the enabled built-in verbs */
    public Set<Builtin> builtins() {
        return builtins;
    }

    @Override
    public String toString() {
        return "Router{commands=" + commands.keySet() + ", builtins=" + builtins + '}';
    }

    /** Builder for {@link Router}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Command> commands = new LinkedHashMap<>();
        private Set<Builtin> builtins = EnumSet.allOf(Builtin.class);

        private Builder() {
        }

        /**
         * Adds a query without arguments.
         *
         * @param verb the verb
         * @param handler the handler, run on the event loop
         * @return this builder
         */
        public Builder query(String verb, Handler handler) {
            return add(Command.query(verb).handler(handler));
        }

        /**
         * Adds a query whose arity comes from its usage text.
         *
         * @param verb the verb
         * @param usage the arguments' usage, see {@link Command}
         * @param handler the handler, run on the event loop
         * @return this builder
         */
        public Builder query(String verb, String usage, Handler handler) {
            return add(Command.query(verb).usage(usage).handler(handler));
        }

        /**
         * Adds an action without arguments.
         *
         * @param verb the verb
         * @param handler the handler, run on the event loop
         * @return this builder
         */
        public Builder action(String verb, Handler handler) {
            return add(Command.action(verb).handler(handler));
        }

        /**
         * Adds an action whose arity comes from its usage text.
         *
         * @param verb the verb
         * @param usage the arguments' usage, see {@link Command}
         * @param handler the handler, run on the event loop
         * @return this builder
         */
        public Builder action(String verb, String usage, Handler handler) {
            return add(Command.action(verb).usage(usage).handler(handler));
        }

        /**
         * Adds a fully described command.
         *
         * @param command the command
         * @return this builder
         * @throws IllegalArgumentException if its verb is already registered
         */
        public Builder add(Command command) {
            Objects.requireNonNull(command, "command");
            if (commands.putIfAbsent(command.verb(), command) != null) {
                throw new IllegalArgumentException("verb already registered: " + command.verb());
            }
            return this;
        }

        /**
         * Sets the enabled built-in verbs. Default: all of {@link Builtin}.
         *
         * @param builtins the built-ins, possibly empty
         * @return this builder
         */
        public Builder builtins(Set<Builtin> builtins) {
            this.builtins = builtins.isEmpty() ? EnumSet.noneOf(Builtin.class) : EnumSet.copyOf(builtins);
            return this;
        }

        /**
         * Turns off every built-in verb, for protocols such as memcached that have none.
         *
         * @return this builder
         */
        public Builder noBuiltins() {
            return builtins(EnumSet.noneOf(Builtin.class));
        }

        /**
         * Builds the router.
         *
         * @return the immutable router
         */
        public Router build() {
            return new Router(commands, builtins);
        }
    }
}
