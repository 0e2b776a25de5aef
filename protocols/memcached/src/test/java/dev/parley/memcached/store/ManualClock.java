package dev.parley.memcached.store;

import java.util.concurrent.atomic.AtomicLong;

/** A store clock that only moves when a test moves it; the store's tests and the server's tests share it. */
public final class ManualClock implements StoreClock {

    /** 2023-11-14T22:13:20Z, a fixed, realistic Unix time. */
    public static final long START_MILLIS = 1_700_000_000_000L;

    private final AtomicLong now = new AtomicLong(START_MILLIS);

    @Override
    public long currentTimeMillis() {
        return now.get();
    }

    /** @return the current time in whole Unix seconds */
    public long unixSeconds() {
        return now.get() / 1000;
    }

    /** Moves the clock forward by whole seconds. */
    public void advanceSeconds(long seconds) {
        now.addAndGet(seconds * 1000);
    }

    /** Moves the clock forward by milliseconds. */
    public void advanceMillis(long millis) {
        now.addAndGet(millis);
    }
}
