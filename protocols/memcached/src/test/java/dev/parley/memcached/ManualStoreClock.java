package dev.parley.memcached;

import dev.parley.memcached.store.StoreClock;

import java.util.concurrent.atomic.AtomicLong;

/** A store clock that moves only when the test moves it. */
final class ManualStoreClock implements StoreClock {

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);

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
}
