package dev.parley.memcached.store;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that only moves when a test moves it. */
final class ManualClock implements StoreClock {

    /** 2023-11-14T22:13:20Z, a fixed, realistic Unix time. */
    static final long START_MILLIS = 1_700_000_000_000L;

    private final AtomicLong now = new AtomicLong(START_MILLIS);

    @Override
    public long currentTimeMillis() {
        return now.get();
    }

    long unixSeconds() {
        return now.get() / 1000;
    }

    void advanceSeconds(long seconds) {
        now.addAndGet(seconds * 1000);
    }

    void advanceMillis(long millis) {
        now.addAndGet(millis);
    }
}
