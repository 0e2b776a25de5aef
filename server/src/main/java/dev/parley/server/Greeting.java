package dev.parley.server;

import dev.parley.codec.text.ParleyReply;

import java.util.Map;
import java.util.Objects;

/**
 * What the server writes when a connection opens, before any request. Strategy object: {@link #parley(String)} for
 * the Parley text protocol, {@link #none()} for protocols without a greeting (memcached).
 */
@FunctionalInterface
public interface Greeting {

    /**
     * Returns the message to write to a new session.
     *
     * @param session the new session
     * @return a message for the pipeline (a {@link ParleyReply} or a {@code ByteBuf}), or {@code null} for none
     */
    Object greet(Session session);

    /**
     * Returns {@code HELLO parley/1 <service>}.
     *
     * @param service the service name, a bare word
     * @return the greeting
     */
    static Greeting parley(String service) {
        return parley(service, Map.of());
    }

    /**
     * Returns {@code HELLO parley/1 <service> key=value ...}.
     *
     * @param service the service name, a bare word
     * @param attributes extra pairs, in iteration order
     * @return the greeting
     */
    static Greeting parley(String service, Map<String, String> attributes) {
        ParleyReply hello = ParleyReply.hello(Objects.requireNonNull(service, "service"), attributes);
        return session -> hello;
    }

    /**
     * Returns the absent greeting.
     *
     * @return a greeting that writes nothing
     */
    static Greeting none() {
        return session -> null;
    }
}
