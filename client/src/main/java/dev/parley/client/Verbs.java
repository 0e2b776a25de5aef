package dev.parley.client;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A protocol's verbs, each declared once as a query, an action or an idempotent action, so that requests built from
 * the table always say what they are. Unknown verbs are actions (never retried blindly). Immutable.
 *
 * <pre>
 * static final Verbs AGENT = Verbs.builder().query("ls", "stat", "pull").action("rm", "exec")
 *         .idempotentAction("push").build();
 * Request r = AGENT.request("ls", "/tmp");
 * </pre>
 */
public final class Verbs {

    private final Map<String, Request.Kind> kinds;

    private Verbs(Map<String, Request.Kind> kinds) {
        this.kinds = Map.copyOf(kinds);
    }

    /**
     * Returns an empty builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the declared kind of a verb.
     *
     * @param verb the verb, case-insensitive
     * @return its kind; {@link Request.Kind#ACTION} when undeclared
     */
    public Request.Kind kindOf(String verb) {
        return kinds.getOrDefault(verb.toLowerCase(Locale.ROOT), Request.Kind.ACTION);
    }

    /**
     * Returns a request of the verb's declared kind.
     *
     * @param verb the verb
     * @param args the arguments
     * @return the request
     */
    public Request request(String verb, String... args) {
        return Request.of(kindOf(verb), verb, List.of(args));
    }

    /** Builder of {@link Verbs}. */
    public static final class Builder {
        private final Map<String, Request.Kind> kinds = new HashMap<>();

        private Builder() {
        }

        /**
         * Declares queries.
         *
         * @param verbs the verbs
         * @return this builder
         */
        public Builder query(String... verbs) {
            return put(Request.Kind.QUERY, verbs);
        }

        /**
         * Declares actions.
         *
         * @param verbs the verbs
         * @return this builder
         */
        public Builder action(String... verbs) {
            return put(Request.Kind.ACTION, verbs);
        }

        /**
         * Declares idempotent actions.
         *
         * @param verbs the verbs
         * @return this builder
         */
        public Builder idempotentAction(String... verbs) {
            return put(Request.Kind.IDEMPOTENT_ACTION, verbs);
        }

        private Builder put(Request.Kind kind, String... verbs) {
            for (String v : verbs) {
                Request.Kind old = kinds.put(Objects.requireNonNull(v, "verb").toLowerCase(Locale.ROOT), kind);
                if (old != null && old != kind) {
                    throw new IllegalArgumentException("verb " + v + " declared as " + old + " and " + kind);
                }
            }
            return this;
        }

        /**
         * Builds the table.
         *
         * @return the immutable table
         */
        public Verbs build() {
            return new Verbs(kinds);
        }
    }
}
