package dev.parley.testkit.proxy;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One fault a {@link FaultProxy} injects, after Toxiproxy's toxics: an immutable value made by a factory named for
 * the fault ({@link #latency}, {@link #stall()}, ...) and refined by modifiers that return copies
 * ({@link #direction}, {@link #probability}, {@link #named}).
 *
 * <p>Every fault but {@link #down()} acts on one way through the proxy, {@link Direction#DOWN} (upstream to
 * client) unless told otherwise. Whether a fault applies to a connection is decided once per connection, with the
 * fault's {@linkplain #probability() probability}. Its name, unique within a proxy, defaults to its kind and
 * direction: {@code latency_down}, {@code stall_up}, {@code down}.
 *
 * <p>{@link #toString()} gives the text form that {@link #parse} reads back, for example
 * {@code latency down 200ms jitter=50ms p=0.5}; the grammar is in {@code docs/TESTKIT.md}.
 */
public final class Fault {

    /** The kinds of fault, each with the word that names it in the text form. */
    public enum Kind {
        /** Delays every piece of data by a fixed time, plus or minus a random jitter. */
        LATENCY,
        /** Limits the throughput to a number of bytes per second. */
        BANDWIDTH,
        /** Cuts data into small pieces sent with a delay between them. */
        SLICER,
        /** Holds all data, forever (a half-open connection) or for a time. */
        STALL,
        /** Resets the connection (TCP RST) after a delay. */
        RESET,
        /** Delays a close from one side reaching the other. */
        SLOW_CLOSE,
        /** Closes the connection once a number of bytes went through. */
        LIMIT_DATA,
        /** Refuses new connections: they are closed as soon as they are accepted. */
        DOWN;

        /** Returns the lower-case word of the text form: {@code latency}, {@code slow_close}, ... */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Kind kind;
    private final Direction direction;
    private final double probability;
    private final String name;
    private final Duration time;
    private final Duration jitter;
    private final long amount;
    private final int variation;

    private Fault(Kind kind, Direction direction, double probability, String name, Duration time, Duration jitter,
                  long amount, int variation) {
        this.kind = kind;
        this.direction = direction;
        this.probability = probability;
        this.name = name;
        this.time = time;
        this.jitter = jitter;
        this.amount = amount;
        this.variation = variation;
    }

    private static Fault of(Kind kind, Duration time, Duration jitter, long amount, int variation) {
        Direction direction = kind == Kind.DOWN ? Direction.BOTH : Direction.DOWN;
        return new Fault(kind, direction, 1.0, null, time, jitter, amount, variation);
    }

    /**
     * Delays every piece of data by {@code latency} plus a random amount in {@code [-jitter, +jitter]} (never below
     * zero). Order is kept: a piece never overtakes the one before it.
     *
     * @param latency the delay, not negative
     * @param jitter the most the delay varies either way, not negative ({@link Duration#ZERO} for none)
     * @return the fault
     * @throws IllegalArgumentException if a duration is negative
     */
    public static Fault latency(Duration latency, Duration jitter) {
        return of(Kind.LATENCY, notNegative("latency", latency), notNegative("jitter", jitter), 0, 0);
    }

    /**
     * Limits the throughput to {@code bytesPerSecond}: data is cut into pieces of a tenth of a second's worth, each
     * sent once its share of time has passed.
     *
     * @param bytesPerSecond the rate, at least 1
     * @return the fault
     * @throws IllegalArgumentException if the rate is below 1
     */
    public static Fault bandwidth(long bytesPerSecond) {
        return of(Kind.BANDWIDTH, Duration.ZERO, Duration.ZERO, positive("bytesPerSecond", bytesPerSecond), 0);
    }

    /**
     * Cuts data into pieces of {@code averageSize} plus or minus a random amount up to {@code sizeVariation} bytes,
     * sent {@code delay} apart.
     *
     * @param averageSize the average piece size, at least 1
     * @param sizeVariation how much a piece's size varies either way, from 0 to {@code averageSize - 1}
     * @param delay the time between two pieces, not negative
     * @return the fault
     * @throws IllegalArgumentException if a value is out of range
     */
    public static Fault slicer(int averageSize, int sizeVariation, Duration delay) {
        positive("averageSize", averageSize);
        if (sizeVariation < 0 || sizeVariation >= averageSize) {
            throw new IllegalArgumentException("sizeVariation: " + sizeVariation + " (expected: 0 to "
                    + (averageSize - 1) + ")");
        }
        return of(Kind.SLICER, notNegative("delay", delay), Duration.ZERO, averageSize, sizeVariation);
    }

    /**
     * Holds all data from the moment the fault applies to a connection until it is removed: the peer sees an open
     * connection that says nothing (half-open). What the peer sends meanwhile is held too, up to a bound, after
     * which the proxy stops reading from it.
     *
     * @return the fault
     */
    public static Fault stall() {
        return of(Kind.STALL, null, Duration.ZERO, 0, 0);
    }

    /**
     * Holds all data for {@code hold}, counted from the moment the fault applies to a connection (its accept, or
     * the fault's {@link FaultProxy#add}), then releases what it held in order.
     *
     * @param hold how long to hold, positive
     * @return the fault
     * @throws IllegalArgumentException if {@code hold} is zero or negative
     */
    public static Fault stall(Duration hold) {
        if (hold.isZero() || hold.isNegative()) {
            throw new IllegalArgumentException("stall: " + hold + " (expected: > 0)");
        }
        return of(Kind.STALL, hold, Duration.ZERO, 0, 0);
    }

    /**
     * Resets the connection {@code after} the fault applies to it: the side the direction points at gets a TCP RST
     * (SO_LINGER 0, then close), the other side an ordinary close. {@link Direction#DOWN} resets the client.
     *
     * @param after the delay, not negative
     * @return the fault
     * @throws IllegalArgumentException if {@code after} is negative
     */
    public static Fault reset(Duration after) {
        return of(Kind.RESET, notNegative("after", after), Duration.ZERO, 0, 0);
    }

    /**
     * Delays a close (or half-close) by one side by {@code delay} before it reaches the other side:
     * {@link Direction#DOWN} delays the upstream's close on its way to the client.
     *
     * @param delay the delay, not negative
     * @return the fault
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public static Fault slowClose(Duration delay) {
        return of(Kind.SLOW_CLOSE, notNegative("delay", delay), Duration.ZERO, 0, 0);
    }

    /**
     * Closes the connection, both sides, once {@code bytes} went through in the fault's direction: the receiving
     * side gets exactly that many bytes, then end of stream.
     *
     * @param bytes the limit, not negative
     * @return the fault
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public static Fault limitData(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 0)");
        }
        return of(Kind.LIMIT_DATA, Duration.ZERO, Duration.ZERO, bytes, 0);
    }

    /**
     * Refuses new connections: each one accepted while the fault is on is closed at once, without connecting
     * upstream. Connections already open are left alone. The fault has no direction.
     *
     * @return the fault
     */
    public static Fault down() {
        return of(Kind.DOWN, Duration.ZERO, Duration.ZERO, 0, 0);
    }

    /**
     * Parses the text form, for example {@code latency down 200ms jitter=50ms p=0.5} or {@code stall up}.
     *
     * @param spec the text form (grammar in {@code docs/TESTKIT.md})
     * @return the fault
     * @throws IllegalArgumentException if the text is not a fault, saying what was wrong
     */
    public static Fault parse(String spec) {
        return FaultSpec.parse(spec);
    }

    /**
     * Returns a copy acting on the given direction.
     *
     * @param direction the direction
     * @return the copy
     * @throws IllegalArgumentException for a {@link Kind#DOWN} fault, which has no direction
     */
    public Fault direction(Direction direction) {
        Objects.requireNonNull(direction, "direction");
        if (kind == Kind.DOWN && direction != Direction.BOTH) {
            throw new IllegalArgumentException("down: a connection-level fault has no direction");
        }
        return new Fault(kind, direction, probability, name, time, jitter, amount, variation);
    }

    /**
     * Returns a copy that applies to a connection with the given chance (Toxiproxy's toxicity), decided once per
     * connection.
     *
     * @param probability from 0 (never) to 1 (always, the default)
     * @return the copy
     * @throws IllegalArgumentException if the value is outside {@code [0, 1]}
     */
    public Fault probability(double probability) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability: " + probability + " (expected: 0 to 1)");
        }
        return new Fault(kind, direction, probability, name, time, jitter, amount, variation);
    }

    /**
     * Returns a copy with the given name, which {@link FaultProxy#remove} takes.
     *
     * @param name letters, digits, {@code _}, {@code -} or {@code .}
     * @return the copy
     * @throws IllegalArgumentException if the name is empty or holds other characters
     */
    public Fault named(String name) {
        if (name.isEmpty() || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: letters, digits, _ - .)");
        }
        return new Fault(kind, direction, probability, name, time, jitter, amount, variation);
    }

    /** Returns the kind of fault. */
    public Kind kind() {
        return kind;
    }

    /** Returns the direction it acts on; {@link Direction#BOTH} for {@link Kind#DOWN}. */
    public Direction direction() {
        return direction;
    }

    /** Returns the chance, from 0 to 1, that it applies to a connection. */
    public double probability() {
        return probability;
    }

    /** Returns its name: the one given with {@link #named}, or kind and direction ({@code latency_down}). */
    public String name() {
        if (name != null) {
            return name;
        }
        return kind == Kind.DOWN ? kind.word() : kind.word() + "_" + direction;
    }

    /**
     * Returns the fault's main duration: the latency, the slicer's delay between pieces, the stall's hold (absent
     * when it holds forever), the reset's delay or the slow close's delay; absent for the other kinds.
     */
    public Optional<Duration> duration() {
        boolean timed = kind == Kind.LATENCY || kind == Kind.SLICER || kind == Kind.STALL || kind == Kind.RESET
                || kind == Kind.SLOW_CLOSE;
        return timed ? Optional.ofNullable(time) : Optional.empty();
    }

    /** Returns the latency's jitter; {@link Duration#ZERO} for the other kinds. */
    public Duration jitter() {
        return jitter;
    }

    /** Returns the bandwidth's bytes per second, the slicer's average size or the data limit; 0 otherwise. */
    public long amount() {
        return amount;
    }

    /** Returns the slicer's size variation; 0 for the other kinds. */
    public int sizeVariation() {
        return variation;
    }

    Duration time() {
        return time;
    }

    /** Returns the text form, which {@link #parse} reads back into an equal fault. */
    @Override
    public String toString() {
        return FaultSpec.format(this, name);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Fault)) {
            return false;
        }
        Fault f = (Fault) o;
        return kind == f.kind && direction == f.direction && probability == f.probability
                && Objects.equals(name, f.name) && Objects.equals(time, f.time) && jitter.equals(f.jitter)
                && amount == f.amount && variation == f.variation;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, direction, probability, name, time, jitter, amount, variation);
    }

    private static Duration notNegative(String what, Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + ": " + d + " (expected: >= 0)");
        }
        return d;
    }

    private static long positive(String what, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + ": " + value + " (expected: >= 1)");
        }
        return value;
    }
}
