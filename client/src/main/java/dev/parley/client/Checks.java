package dev.parley.client;

import java.time.Duration;
import java.util.Objects;

/** Value checks shared by the client's options builders; messages state the value and the bound. */
final class Checks {

    private Checks() {
    }

    static Duration positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
        }
        return d;
    }

    static Duration nonNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: >= 0)");
        }
        return d;
    }

    static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= " + min + ")");
        }
        return value;
    }

    static void shorter(String name, Duration d, String boundName, Duration bound) {
        if (d.compareTo(bound) >= 0) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: < " + boundName + " " + bound + ")");
        }
    }
}
