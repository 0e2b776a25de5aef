package dev.parley.memcached.store;

import java.util.concurrent.atomic.AtomicLong;

/** The store-wide count of accounted item bytes, reserved before an item is linked and never above the limit. */
final class MemoryBudget {

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    MemoryBudget(long limit) {
        this.limit = limit;
    }

    /** Reserves {@code bytes} (a negative amount releases) unless that would exceed the limit. */
    boolean tryReserve(long bytes) {
        if (bytes <= 0) {
            used.addAndGet(bytes);
            return true;
        }
        for (;;) {
            long current = used.get();
            if (current + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }

    long limit() {
        return limit;
    }
}
