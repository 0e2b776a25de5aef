package dev.parley.testkit.proxy;

import java.util.Locale;

/**
 * Which way through a {@link FaultProxy} a {@link Fault} acts on: {@link #UP} is the client's bytes on their way to
 * the upstream server, {@link #DOWN} the upstream's bytes on their way back to the client, {@link #BOTH} both.
 */
public enum Direction {
    /** Client to upstream. */
    UP,
    /** Upstream to client (the default, as in Toxiproxy). */
    DOWN,
    /** Both ways. */
    BOTH;

    /**
     * Tells whether a fault set to this direction acts on a stream that flows the given way.
     *
     * @param flow {@link #UP} or {@link #DOWN}
     * @return {@code true} when this is {@code flow} or {@link #BOTH}
     */
    public boolean includes(Direction flow) {
        return this == BOTH || this == flow;
    }

    /**
     * Parses {@code up}, {@code down} or {@code both}, in any case.
     *
     * @param text the word
     * @return the direction
     * @throws IllegalArgumentException if the word is none of the three
     */
    public static Direction parse(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "up":
                return UP;
            case "down":
                return DOWN;
            case "both":
                return BOTH;
            default:
                throw new IllegalArgumentException("direction: " + text + " (expected: up, down or both)");
        }
    }

    /** Returns the lower-case word that {@link #parse} reads. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
