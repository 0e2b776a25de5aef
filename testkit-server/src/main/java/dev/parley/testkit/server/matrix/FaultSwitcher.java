package dev.parley.testkit.server.matrix;

import dev.parley.testkit.proxy.Fault;
import dev.parley.testkit.proxy.FaultProxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Switches faults of a {@link FaultProxy} on and off at random while a run goes on. Every step either turns one
 * fault of the menu on or turns one of those it turned on off (always off when {@link Builder#maxActive} are on),
 * then waits a random time within a range. Runs on its own daemon thread from {@link Builder#start()} until
 * {@link #close()}, which removes the faults it turned on. Seeded, so a run's sequence of switches can be repeated
 * (its timing still depends on the machine).
 *
 * <pre>{@code
 * try (FaultSwitcher faults = FaultSwitcher.builder(proxy).menu(List.of(
 *         Fault.latency(Duration.ofMillis(50), Duration.ofMillis(20)).named("latency"),
 *         Fault.stall().named("stall"))).maxActive(2).start()) {
 *     ... // calls through the proxy
 * }
 * }</pre>
 */
public final class FaultSwitcher implements AutoCloseable {

    /** Default most faults on at once: 2. */
    public static final int DEFAULT_MAX_ACTIVE = 2;
    /** Default shortest wait between two switches: 50 ms. */
    public static final Duration DEFAULT_MIN_STEP = Duration.ofMillis(50);
    /** Default longest wait between two switches: 400 ms. */
    public static final Duration DEFAULT_MAX_STEP = Duration.ofMillis(400);
    /** Default random seed: 1. */
    public static final long DEFAULT_SEED = 1;

    private static final Logger LOG = LoggerFactory.getLogger("parley.testkit.matrix");

    private final FaultProxy proxy;
    private final List<Fault> menu;
    private final int maxActive;
    private final long minStepNanos;
    private final long maxStepNanos;
    private final Random random;
    private final List<Fault> on = new ArrayList<>();
    private final Map<String, Integer> switchedOn = new TreeMap<>();
    private final Thread thread;
    private volatile boolean stopped;
    private long steps;

    private FaultSwitcher(Builder b) {
        this.proxy = b.proxy;
        this.menu = b.menu;
        this.maxActive = b.maxActive;
        this.minStepNanos = b.minStep.toNanos();
        this.maxStepNanos = b.maxStep.toNanos();
        this.random = new Random(b.seed);
        this.thread = new Thread(this::run, "fault-switcher");
        this.thread.setDaemon(true);
    }

    /**
     * Starts a builder.
     *
     * @param proxy the proxy whose faults are switched; faults that others add to it are left alone
     * @return the builder
     */
    public static Builder builder(FaultProxy proxy) {
        return new Builder(Objects.requireNonNull(proxy, "proxy"));
    }

    private void run() {
        while (!stopped) {
            synchronized (this) {
                if (stopped) {
                    return;
                }
                step();
            }
            long wait = minStepNanos + (long) (random.nextDouble() * (maxStepNanos - minStepNanos));
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                LOG.debug("fault switcher interrupted after {} steps; stopping", steps);
                return;
            }
        }
    }

    private void step() {
        steps++;
        Fault f = menu.get(random.nextInt(menu.size()));
        if (on.size() >= maxActive || on.contains(f)) {
            Fault off = on.contains(f) ? f : on.get(random.nextInt(on.size()));
            on.remove(off);
            proxy.remove(off.name());
            LOG.debug("fault off: {}", off);
        } else {
            proxy.add(f);
            on.add(f);
            switchedOn.merge(f.name(), 1, Integer::sum);
            LOG.debug("fault on: {}", f);
        }
    }

    /** @return how often each fault was switched on so far, by name */
    public synchronized Map<String, Integer> switchedOn() {
        return new TreeMap<>(switchedOn);
    }

    /** @return the names of the faults that are on now */
    public synchronized List<String> active() {
        List<String> names = new ArrayList<>();
        on.forEach(f -> names.add(f.name()));
        return names;
    }

    /** Stops switching, waits up to 5 seconds for the thread to end, and removes the faults it turned on. */
    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            for (Fault f : on) {
                proxy.remove(f.name());
            }
            on.clear();
        }
    }

    /** Builder of a {@link FaultSwitcher}. Not thread-safe. */
    public static final class Builder {
        private final FaultProxy proxy;
        private List<Fault> menu = List.of();
        private int maxActive = DEFAULT_MAX_ACTIVE;
        private Duration minStep = DEFAULT_MIN_STEP;
        private Duration maxStep = DEFAULT_MAX_STEP;
        private long seed = DEFAULT_SEED;

        private Builder(FaultProxy proxy) {
            this.proxy = proxy;
        }

        /**
         * Sets the faults to choose from. Required.
         *
         * @param menu the faults, each with a name of its own ({@link Fault#named})
         * @return this builder
         */
        public Builder menu(List<Fault> menu) {
            this.menu = List.copyOf(menu);
            return this;
        }

        /**
         * Sets the most faults on at once. Default: {@value #DEFAULT_MAX_ACTIVE}.
         *
         * @param maxActive at least 1
         * @return this builder
         */
        public Builder maxActive(int maxActive) {
            this.maxActive = maxActive;
            return this;
        }

        /**
         * Sets the range of the random wait between two switches. Default: {@link #DEFAULT_MIN_STEP} to
         * {@link #DEFAULT_MAX_STEP}.
         *
         * @param min the shortest wait, {@code > 0}
         * @param max the longest wait, {@code >= min}
         * @return this builder
         */
        public Builder step(Duration min, Duration max) {
            this.minStep = Objects.requireNonNull(min, "min");
            this.maxStep = Objects.requireNonNull(max, "max");
            return this;
        }

        /**
         * Sets the random seed. Default: {@value #DEFAULT_SEED}.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Checks the settings and starts switching.
         *
         * @return the running switcher
         * @throws IllegalArgumentException if the menu is empty or has two faults of one name, {@code maxActive < 1},
         *                                  or the step range is empty or not positive
         */
        public FaultSwitcher start() {
            Set<String> names = new HashSet<>();
            for (Fault f : menu) {
                if (!names.add(f.name())) {
                    throw new IllegalArgumentException("menu: two faults named " + f.name()
                            + " (expected: unique names)");
                }
            }
            if (menu.isEmpty()) {
                throw new IllegalArgumentException("menu: empty (expected: at least one fault)");
            }
            if (maxActive < 1) {
                throw new IllegalArgumentException("maxActive: " + maxActive + " (expected: >= 1)");
            }
            if (minStep.isNegative() || minStep.isZero() || maxStep.compareTo(minStep) < 0) {
                throw new IllegalArgumentException("step: " + minStep + " to " + maxStep
                        + " (expected: 0 < min <= max)");
            }
            FaultSwitcher s = new FaultSwitcher(this);
            s.thread.start();
            return s;
        }
    }
}
