package dev.parley.memcached.store;

/**
 * The store's source of wall-clock time, injectable so that expiry and {@code flush_all} delays can be
 * driven by tests without waiting.
 */
@FunctionalInterface
public interface StoreClock {

    /**
     * Returns the current time.
     *
     * @return milliseconds since the Unix epoch
     */
    long currentTimeMillis();

    /**
     * Returns the clock backed by {@link System#currentTimeMillis()}.
     *
     * @return the system clock
     */
    static StoreClock system() {
        return SystemClock.INSTANCE;
    }
}

/** The system clock as a singleton with a readable {@code toString()}. */
enum SystemClock implements StoreClock {
    INSTANCE;

    @Override
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public String toString() {
        return "StoreClock.system()";
    }
}
