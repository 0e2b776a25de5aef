package dev.parley.memcached.store;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock stripe of the store: its items in LRU order (least recently used first, an {@link ItemTable}) plus its
 * share of the counters. Every write (store, touch, incr/decr, meta changes) moves its item to the most recently used end; a read
 * moves it only if it has not moved for {@link #LRU_BUMP_INTERVAL_MILLIS}, as memcached bumps an item at most once a
 * minute ({@code ITEM_UPDATE_INTERVAL}): most gets then leave the LRU links, and the cache lines of the neighbouring
 * entries, untouched. Every method takes the segment lock for one short, allocation-light critical section; {@code now}
 * and the flush {@code cutoff} are read by the caller before locking.
 */
final class Segment {

    /** Storage command variants, which differ only in their precondition and in how the value is built. */
    enum Mode { SET, ADD, REPLACE, APPEND, PREPEND, CAS }

    private final ReentrantLock lock = new ReentrantLock();
    /** How long a read leaves an item where it is in the LRU order: 60 s, memcached's {@code ITEM_UPDATE_INTERVAL}. */
    static final long LRU_BUMP_INTERVAL_MILLIS = 60_000;

    /** The items, in LRU order: {@link #link} and {@link #bump} move items to the newest end themselves. */
    private final ItemTable items = new ItemTable();
    private final long[] counters = new long[StoreCounter.COUNT];
    private final MemoryBudget budget;
    private final AtomicLong casSequence;
    private final int maxItemSize;
    private Segment[] peers = new Segment[0];

    Segment(MemoryBudget budget, AtomicLong casSequence, int maxItemSize) {
        this.budget = budget;
        this.casSequence = casSequence;
        this.maxItemSize = maxItemSize;
    }

    void peers(Segment[] all) {
        this.peers = all;
    }

    Item get(String key, long now, long cutoff) {
        return get(key, ItemTable.hash(key), now, cutoff);
    }

    /** {@link #get(String, long, long)} of a key whose {@link ItemTable#hash} the caller has. */
    Item get(String key, int hash, long now, long cutoff) {
        lock.lock();
        try {
            count(StoreCounter.CMD_GET);
            Item item = items.get(key, hash);
            if (item == null) {
                count(StoreCounter.GET_MISSES);
                return null;
            }
            if (item.isExpiredAt(now)) {
                unlink(item);
                count(StoreCounter.GET_EXPIRED);
                count(StoreCounter.GET_MISSES);
                return null;
            }
            if (item.updatedAtMillis() < cutoff) {
                unlink(item);
                count(StoreCounter.GET_FLUSHED);
                count(StoreCounter.GET_MISSES);
                return null;
            }
            count(StoreCounter.GET_HITS);
            bump(item, now);
            return item;
        } finally {
            lock.unlock();
        }
    }

    Item getAndTouch(String key, long expiresAt, long now, long cutoff) {
        lock.lock();
        try {
            count(StoreCounter.CMD_TOUCH);
            Item item = live(key, now, cutoff);
            if (item == null) {
                count(StoreCounter.TOUCH_MISSES);
                return null;
            }
            count(StoreCounter.TOUCH_HITS);
            Item touched = item.withExpiry(expiresAt);
            if (touched.isExpiredAt(now)) {
                unlink(item);
            } else {
                link(now, touched);
            }
            return touched;
        } finally {
            lock.unlock();
        }
    }

    TouchResult touch(String key, long expiresAt, long now, long cutoff) {
        return getAndTouch(key, expiresAt, now, cutoff) != null ? TouchResult.TOUCHED : TouchResult.NOT_FOUND;
    }

    StoreResult store(Mode mode, String key, int flags, long expiresAt, byte[] data, long casUnique,
                      long now, long cutoff) {
        lock.lock();
        try {
            count(StoreCounter.CMD_SET);
            Item old = live(key, now, cutoff);
            boolean concatenates = mode == Mode.APPEND || mode == Mode.PREPEND;
            if (!concatenates && Item.sizeOf(key.length(), data.length) > maxItemSize) {
                return failStore(mode, old, StoreResult.TOO_LARGE);
            }
            switch (mode) {
                case ADD:
                    if (old != null) {
                        return StoreResult.NOT_STORED;
                    }
                    break;
                case REPLACE:
                case APPEND:
                case PREPEND:
                    if (old == null) {
                        return StoreResult.NOT_STORED;
                    }
                    break;
                case CAS:
                    if (old == null) {
                        count(StoreCounter.CAS_MISSES);
                        return StoreResult.NOT_FOUND;
                    }
                    if (old.cas() != casUnique) {
                        count(StoreCounter.CAS_BADVAL);
                        return StoreResult.EXISTS;
                    }
                    break;
                default:
                    break;
            }
            byte[] value = data;
            if (concatenates) {
                if (Item.sizeOf(key.length(), (long) old.value().length + data.length) > maxItemSize) {
                    return StoreResult.TOO_LARGE;
                }
                value = mode == Mode.APPEND ? concat(old.value(), data) : concat(data, old.value());
                flags = old.flags();
                expiresAt = old.expiresAtMillis();
            }
            if (Expiry.hasPassed(expiresAt, now)) {
                // Stored and immediately expired: nothing could ever read it, so do not spend memory on it.
                if (old != null) {
                    unlink(old);
                }
                return stored(mode);
            }
            long size = Item.sizeOf(key.length(), value.length);
            if (!reserve(size - (old == null ? 0 : old.size()), key, now, cutoff)) {
                return failStore(mode, old, StoreResult.OUT_OF_MEMORY);
            }
            link(now, new Item(key, flags, value, casSequence.incrementAndGet(), expiresAt, now));
            count(StoreCounter.TOTAL_ITEMS);
            return stored(mode);
        } finally {
            lock.unlock();
        }
    }

    DeleteResult delete(String key, long now, long cutoff) {
        lock.lock();
        try {
            Item item = live(key, now, cutoff);
            if (item == null) {
                count(StoreCounter.DELETE_MISSES);
                return DeleteResult.NOT_FOUND;
            }
            unlink(item);
            count(StoreCounter.DELETE_HITS);
            return DeleteResult.DELETED;
        } finally {
            lock.unlock();
        }
    }

    DeltaResult delta(String key, boolean increment, long delta, long now, long cutoff) {
        lock.lock();
        try {
            Item item = live(key, now, cutoff);
            if (item == null) {
                count(increment ? StoreCounter.INCR_MISSES : StoreCounter.DECR_MISSES);
                return DeltaResult.NOT_FOUND_RESULT;
            }
            byte[] old = item.value();
            if (!UnsignedLongs.isNumericValue(old)) {
                return DeltaResult.NON_NUMERIC_RESULT;
            }
            long current = UnsignedLongs.parseValue(old);
            long updated;
            if (increment) {
                updated = current + delta;
            } else {
                updated = Long.compareUnsigned(current, delta) < 0 ? 0 : current - delta;
            }
            byte[] value = UnsignedLongs.toAscii(updated);
            if (value.length < old.length) {
                // As memcached 1.6, which rewrites a number that still fits in place: the rest becomes spaces and
                // the value keeps its length ("100" decremented by 1 is "99 ").
                byte[] padded = java.util.Arrays.copyOf(value, old.length);
                java.util.Arrays.fill(padded, value.length, old.length, (byte) ' ');
                value = padded;
            }
            if (!reserve((long) value.length - item.value().length, key, now, cutoff)) {
                return DeltaResult.OUT_OF_MEMORY_RESULT;
            }
            link(now, new Item(key, item.flags(), value, casSequence.incrementAndGet(),
                    item.expiresAtMillis(), now));
            count(increment ? StoreCounter.INCR_HITS : StoreCounter.DECR_HITS);
            return DeltaResult.updated(updated);
        } finally {
            lock.unlock();
        }
    }

    void clear() {
        lock.lock();
        try {
            budget.release(items.clear());
        } finally {
            lock.unlock();
        }
    }

    /** Adds this segment's counters to {@code totals} and returns its item count. */
    long accumulate(long[] totals) {
        lock.lock();
        try {
            for (int i = 0; i < totals.length; i++) {
                totals[i] += counters[i];
            }
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    /** Evicts this segment's least recently used item if the lock is free right now; never blocks. */
    private boolean tryEvictOne(long now, long cutoff) {
        if (!lock.tryLock()) {
            return false;
        }
        try {
            return evictOne(null, now, cutoff);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reserves {@code bytes} of the budget, evicting from this segment's LRU end first (never the item
     * under {@code protectedKey}, which the caller is replacing), then from other segments whose locks are
     * free. Other segments are only try-locked, so two segments evicting from each other cannot deadlock.
     */
    private boolean reserve(long bytes, String protectedKey, long now, long cutoff) {
        while (!budget.tryReserve(bytes)) {
            if (!evictOne(protectedKey, now, cutoff)) {
                return reserveFromPeers(bytes, now, cutoff);
            }
        }
        return true;
    }

    private boolean reserveFromPeers(long bytes, long now, long cutoff) {
        for (Segment peer : peers) {
            if (peer == this) {
                continue;
            }
            do {
                if (budget.tryReserve(bytes)) {
                    return true;
                }
            } while (peer.tryEvictOne(now, cutoff));
        }
        return budget.tryReserve(bytes);
    }

    private boolean evictOne(String protectedKey, long now, long cutoff) {
        for (Item item = items.eldest(); item != null; item = item.lruNewer) {
            if (protectedKey != null && item.keyEquals(protectedKey)) {
                continue;
            }
            items.remove(item);
            budget.release(item.size());
            boolean dead = item.isExpiredAt(now) || item.updatedAtMillis() < cutoff;
            count(dead ? StoreCounter.RECLAIMED : StoreCounter.EVICTIONS);
            return true;
        }
        return false;
    }

    private StoreResult stored(Mode mode) {
        if (mode == Mode.CAS) {
            count(StoreCounter.CAS_HITS);
        }
        return StoreResult.STORED;
    }

    /** A SET that fails removes the old item, as memcached does, so a stale value does not outlive it. */
    private StoreResult failStore(Mode mode, Item old, StoreResult result) {
        if (mode == Mode.SET && old != null) {
            unlink(old);
        }
        return result;
    }

    /** Returns the live item under {@code key}, unlinking it first if it expired or was flushed. */
    private Item live(String key, long now, long cutoff) {
        Item item = items.get(key);
        if (item == null) {
            return null;
        }
        if (item.isExpiredAt(now) || item.updatedAtMillis() < cutoff) {
            unlink(item);
            return null;
        }
        bump(item, now);
        return item;
    }

    /** A read: moves the item to the most recently used end if it has not moved for the bump interval. */
    private void bump(Item item, long now) {
        if (now - item.lruBumpedAtMillis >= LRU_BUMP_INTERVAL_MILLIS || now < item.lruBumpedAtMillis) {
            items.moveToNewest(item);
            item.lruBumpedAtMillis = now;
        }
    }

    /** A write: puts {@code item} at the most recently used end, in place of the item under its key. */
    private void link(long now, Item item) {
        item.lruBumpedAtMillis = now;
        items.put(item);
    }

    private void unlink(Item item) {
        items.remove(item);
        budget.release(item.size());
    }

    private void count(StoreCounter counter) {
        counters[counter.ordinal()]++;
    }

    // ---- meta protocol (mg ms md ma): separate methods, so the classic paths above stay as they are ----

    /**
     * {@code mg}: the live item, touched when {@code touchExpiresAt != null}, created empty when missing and
     * {@code vivifyExpiresAt != null}, with the win token handed out as memcached does ({@code W} to the first
     * request that vivifies, asks to recache an item expiring within {@code recacheMillis}, or reads a stale item;
     * {@code Z} to the later ones).
     */
    MetaResult metaGet(String key, Long touchExpiresAt, Long vivifyExpiresAt, long recacheMillis, int keyMeta,
                       long now, long cutoff) {
        lock.lock();
        try {
            count(StoreCounter.CMD_GET);
            Item item = live(key, now, cutoff);
            if (item == null) {
                count(StoreCounter.GET_MISSES);
                if (vivifyExpiresAt == null || Expiry.hasPassed(vivifyExpiresAt, now)) {
                    return MetaResult.NOT_FOUND;
                }
                byte[] empty = new byte[0];
                if (!reserve(Item.sizeOf(key.length(), 0), key, now, cutoff)) {
                    return MetaResult.OUT_OF_MEMORY;
                }
                Item created = new Item(key, 0, empty, casSequence.incrementAndGet(), vivifyExpiresAt, now,
                        keyMeta | Item.WIN_TOKEN_SENT);
                link(now, created);
                count(StoreCounter.TOTAL_ITEMS);
                return new MetaResult(MetaResult.Status.CREATED, created, vivifyExpiresAt, true, false, false, 0);
            }
            count(StoreCounter.GET_HITS);
            long previousExpiry = item.expiresAtMillis();
            boolean tokenBefore = item.winTokenSent();
            boolean won = recacheMillis >= 0 && !tokenBefore && previousExpiry != Item.NEVER_EXPIRES
                    && previousExpiry - now < recacheMillis;
            boolean staleWon = item.isStale() && !tokenBefore && !won;
            Item updated = item;
            if (touchExpiresAt != null) {
                updated = updated.withExpiry(touchExpiresAt);
            }
            if (won || staleWon) {
                updated = updated.withMeta(updated.meta() | Item.WIN_TOKEN_SENT);
            }
            if (updated != item) {
                if (updated.isExpiredAt(now)) {
                    unlink(item);
                } else {
                    link(now, updated);
                }
            }
            return new MetaResult(MetaResult.Status.HIT, updated, previousExpiry, won, tokenBefore, staleWon, 0);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code ms}: stores as {@code mode} does; with {@code compareCas} only over an item of that cas unique, or, with
     * {@code invalidate}, also over a newer one, then marked stale.
     */
    MetaResult metaStore(Mode mode, String key, int flags, long expiresAt, byte[] data, boolean compareCas,
                         long casUnique, boolean invalidate, int keyMeta, long now, long cutoff) {
        lock.lock();
        try {
            count(StoreCounter.CMD_SET);
            Item old = live(key, now, cutoff);
            boolean concatenates = mode == Mode.APPEND || mode == Mode.PREPEND;
            if (!concatenates && Item.sizeOf(key.length(), data.length) > maxItemSize) {
                failStore(mode, old, StoreResult.TOO_LARGE);
                return MetaResult.TOO_LARGE;
            }
            int meta = keyMeta;
            if (compareCas) {
                if (old == null) {
                    count(StoreCounter.CAS_MISSES);
                    return MetaResult.NOT_FOUND;
                }
                if (old.cas() != casUnique) {
                    if (!invalidate || Long.compareUnsigned(casUnique, old.cas()) > 0) {
                        count(StoreCounter.CAS_BADVAL);
                        return MetaResult.EXISTS;
                    }
                    meta |= Item.STALE;
                }
                count(StoreCounter.CAS_HITS);
            }
            switch (mode) {
                case ADD:
                    if (old != null) {
                        return MetaResult.NOT_STORED;
                    }
                    break;
                case REPLACE:
                case APPEND:
                case PREPEND:
                    if (old == null) {
                        return MetaResult.NOT_STORED;
                    }
                    break;
                default:
                    break;
            }
            byte[] value = data;
            if (concatenates) {
                if (Item.sizeOf(key.length(), (long) old.value().length + data.length) > maxItemSize) {
                    return MetaResult.TOO_LARGE;
                }
                value = mode == Mode.APPEND ? concat(old.value(), data) : concat(data, old.value());
                flags = old.flags();
                expiresAt = old.expiresAtMillis();
            }
            if (Expiry.hasPassed(expiresAt, now)) {
                if (old != null) {
                    unlink(old);
                }
                return MetaResult.DONE_NO_ITEM;
            }
            long size = Item.sizeOf(key.length(), value.length);
            if (!reserve(size - (old == null ? 0 : old.size()), key, now, cutoff)) {
                failStore(mode, old, StoreResult.OUT_OF_MEMORY);
                return MetaResult.OUT_OF_MEMORY;
            }
            Item stored = new Item(key, flags, value, casSequence.incrementAndGet(), expiresAt, now, meta);
            link(now, stored);
            count(StoreCounter.TOTAL_ITEMS);
            return new MetaResult(MetaResult.Status.DONE, stored, expiresAt, false, false, false, 0);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code md}: removes the live item, or with {@code invalidate} marks it stale (a new cas unique, the win token
     * free again, the expiry replaced when {@code expiresAt != null}); with {@code compareCas} only if unchanged.
     */
    MetaResult metaDelete(String key, boolean compareCas, long casUnique, boolean invalidate, Long expiresAt,
                          long now, long cutoff) {
        lock.lock();
        try {
            Item item = live(key, now, cutoff);
            if (item == null) {
                count(StoreCounter.DELETE_MISSES);
                return MetaResult.NOT_FOUND;
            }
            if (compareCas && item.cas() != casUnique) {
                return MetaResult.EXISTS;
            }
            count(StoreCounter.DELETE_HITS);
            if (!invalidate) {
                unlink(item);
                return MetaResult.DONE_NO_ITEM;
            }
            long expiry = expiresAt != null ? expiresAt : item.expiresAtMillis();
            Item stale = new Item(key, item.flags(), item.value(), casSequence.incrementAndGet(), expiry,
                    item.updatedAtMillis(), (item.meta() | Item.STALE) & ~Item.WIN_TOKEN_SENT);
            if (stale.isExpiredAt(now)) {
                unlink(item);
            } else {
                link(now, stale);
            }
            return new MetaResult(MetaResult.Status.DONE, stale, item.expiresAtMillis(), false, false, false, 0);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code ma}: adds or subtracts {@code delta} as {@code incr}/{@code decr} do; a miss creates the item with
     * {@code initial} when {@code vivifyExpiresAt != null}; a hit is touched when {@code touchExpiresAt != null}.
     */
    MetaResult metaDelta(String key, boolean increment, long delta, boolean compareCas, long casUnique,
                         Long vivifyExpiresAt, long initial, Long touchExpiresAt, int keyMeta, long now, long cutoff) {
        lock.lock();
        try {
            Item item = live(key, now, cutoff);
            if (item == null) {
                count(increment ? StoreCounter.INCR_MISSES : StoreCounter.DECR_MISSES);
                if (vivifyExpiresAt == null) {
                    return MetaResult.NOT_FOUND;
                }
                byte[] value = UnsignedLongs.toAscii(initial);
                if (Expiry.hasPassed(vivifyExpiresAt, now)) {
                    return new MetaResult(MetaResult.Status.CREATED, null, vivifyExpiresAt, false, false, false,
                            initial);
                }
                if (!reserve(Item.sizeOf(key.length(), value.length), key, now, cutoff)) {
                    return MetaResult.OUT_OF_MEMORY;
                }
                Item created = new Item(key, 0, value, casSequence.incrementAndGet(), vivifyExpiresAt, now, keyMeta);
                link(now, created);
                count(StoreCounter.TOTAL_ITEMS);
                return new MetaResult(MetaResult.Status.CREATED, created, vivifyExpiresAt, false, false, false,
                        initial);
            }
            if (compareCas && item.cas() != casUnique) {
                return MetaResult.EXISTS;
            }
            if (!UnsignedLongs.isNumericValue(item.value())) {
                return MetaResult.NON_NUMERIC;
            }
            long current = UnsignedLongs.parseValue(item.value());
            long updated = increment ? current + delta
                    : Long.compareUnsigned(current, delta) < 0 ? 0 : current - delta;
            byte[] value = UnsignedLongs.toAscii(updated);
            if (!reserve((long) value.length - item.value().length, key, now, cutoff)) {
                return MetaResult.OUT_OF_MEMORY;
            }
            long expiry = touchExpiresAt != null ? touchExpiresAt : item.expiresAtMillis();
            Item changed = new Item(key, item.flags(), value, casSequence.incrementAndGet(), expiry, now,
                    item.meta());
            if (changed.isExpiredAt(now)) {
                unlink(item);
            } else {
                link(now, changed);
            }
            count(increment ? StoreCounter.INCR_HITS : StoreCounter.DECR_HITS);
            return new MetaResult(MetaResult.Status.HIT, changed, item.expiresAtMillis(), false, false, false,
                    updated);
        } finally {
            lock.unlock();
        }
    }

    /** {@code me}: the live item, without counting it as a get. */
    Item peek(String key, long now, long cutoff) {
        lock.lock();
        try {
            Item item = items.get(key);
            if (item == null || item.isExpiredAt(now) || item.updatedAtMillis() < cutoff) {
                return null;
            }
            bump(item, now);
            return item;
        } finally {
            lock.unlock();
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = new byte[first.length + second.length];
        System.arraycopy(first, 0, joined, 0, first.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
