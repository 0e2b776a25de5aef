package dev.parley.memcached.store;

import java.util.Arrays;

/**
 * One segment's items: a chained hash table whose entries are the items themselves ({@link Item#nextInBucket}), and
 * their LRU order, a doubly linked list through the items ({@link Item#lruOlder}, {@link Item#lruNewer}), least
 * recently used first. A hit reads the bucket, the item and the key's bytes, and the reply then the value: no map
 * entry or key {@code String} between them, which matters once the items are far beyond the caches (each of those
 * is one more wait on memory). Not thread-safe: its segment uses it under its lock.
 */
final class ItemTable {

    private static final int FIRST_CAPACITY = 64;

    private Item[] buckets = new Item[FIRST_CAPACITY];
    /** The key being looked up, as bytes: compared with an item's key a vector at a time, not a char at a time. */
    private final byte[] probe = new byte[Keys.MAX_LENGTH];
    private int size;
    /** The least recently used item, where eviction starts, and the most recently used one. */
    private Item eldest;
    private Item newest;

    /**
     * The hash of a key, indexed by its low bits. The segment of a key is chosen from the top bits of another mix of
     * the same hash, so a segment still uses every bucket.
     *
     * <p>Four polynomial hashes ({@code 31 * h + c}, as {@link String#hashCode()}), each over every fourth char, mixed
     * at the end with distinct odd multipliers: a quarter of the dependent multiply-adds of one. The decoder makes a
     * new {@code String} per request, so {@code hashCode()} would run its 64-step chain on every get of a 64-char key.
     */
    static int hash(String key) {
        int length = key.length();
        int h0 = length;
        int h1 = 0;
        int h2 = 0;
        int h3 = 0;
        int i = 0;
        for (int end = length - 3; i < end; i += 4) {
            h0 = 31 * h0 + key.charAt(i);
            h1 = 31 * h1 + key.charAt(i + 1);
            h2 = 31 * h2 + key.charAt(i + 2);
            h3 = 31 * h3 + key.charAt(i + 3);
        }
        for (; i < length; i++) {
            h0 = 31 * h0 + key.charAt(i);
        }
        int h = h0 * 0x9E3779B9 + h1 * 0x85EBCA6B + h2 * 0xC2B2AE35 + h3 * 0x27D4EB2F;
        return h ^ (h >>> 16);
    }

    /**
     * Returns the item under a key. The store's keys are one byte per char (validated wire keys, or the bytes of a
     * base64 key), at most {@link Keys#MAX_LENGTH} of them; a longer one is under no item.
     *
     * @return the item under {@code key}, or {@code null}
     */
    Item get(String key) {
        return get(key, hash(key));
    }

    /** {@link #get(String)} of a key whose {@link #hash} the caller has. */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): the low byte of each char, a copy
    Item get(String key, int h) {
        Item e = buckets[h & (buckets.length - 1)];
        int length = key.length();
        if (e == null || length > probe.length) {
            return null;
        }
        key.getBytes(0, length, probe, 0);
        for (; e != null; e = e.nextInBucket) {
            if (e.hash == h && e.keyEquals(probe, length)) {
                return e;
            }
        }
        return null;
    }

    /**
     * Puts an item at the most recently used end, in place of the one under the same key, if any.
     *
     * @return the item it replaced, or {@code null}
     */
    Item put(Item item) {
        Item old = unchain(item, null);
        if (old != null) {
            unlinkLru(old);
            size--;
        }
        int i = item.hash & (buckets.length - 1);
        item.nextInBucket = buckets[i];
        buckets[i] = item;
        linkNewest(item);
        if (++size > buckets.length - (buckets.length >>> 2)) {
            grow();
        }
        return old;
    }

    /** Removes this very item, if it is in the table. */
    void remove(Item item) {
        if (unchain(item, item) != null) {
            unlinkLru(item);
            size--;
        }
    }

    /** Moves an item in the table to the most recently used end. */
    void moveToNewest(Item item) {
        if (newest != item) {
            unlinkLru(item);
            linkNewest(item);
        }
    }

    /** @return the least recently used item, or {@code null}; {@link Item#lruNewer} leads on from it */
    Item eldest() {
        return eldest;
    }

    int size() {
        return size;
    }

    /** Empties the table; returns the bytes its items were charged ({@link Item#size}). */
    long clear() {
        long bytes = 0;
        for (Item e = eldest; e != null; ) {
            bytes += e.size();
            Item next = e.lruNewer;
            e.nextInBucket = null;
            e.lruOlder = null;
            e.lruNewer = null;
            e = next;
        }
        Arrays.fill(buckets, null);
        eldest = null;
        newest = null;
        size = 0;
        return bytes;
    }

    /**
     * Takes out of its bucket the item that {@code exactly} is (when not null) or the one under the same key as
     * {@code like}; returns it, or {@code null} when there is none.
     */
    private Item unchain(Item like, Item exactly) {
        int i = like.hash & (buckets.length - 1);
        Item prev = null;
        for (Item e = buckets[i]; e != null; prev = e, e = e.nextInBucket) {
            if (exactly != null ? e == exactly : e.sameKey(like)) {
                if (prev == null) {
                    buckets[i] = e.nextInBucket;
                } else {
                    prev.nextInBucket = e.nextInBucket;
                }
                e.nextInBucket = null;
                return e;
            }
        }
        return null;
    }

    private void linkNewest(Item item) {
        item.lruNewer = null;
        item.lruOlder = newest;
        if (newest == null) {
            eldest = item;
        } else {
            newest.lruNewer = item;
        }
        newest = item;
    }

    private void unlinkLru(Item item) {
        Item older = item.lruOlder;
        Item newer = item.lruNewer;
        if (older == null) {
            eldest = newer;
        } else {
            older.lruNewer = newer;
        }
        if (newer == null) {
            newest = older;
        } else {
            newer.lruOlder = older;
        }
        item.lruOlder = null;
        item.lruNewer = null;
    }

    private void grow() {
        Item[] old = buckets;
        Item[] next = new Item[old.length * 2];
        int mask = next.length - 1;
        for (Item head : old) {
            for (Item e = head; e != null; ) {
                Item following = e.nextInBucket;
                int i = e.hash & mask;
                e.nextInBucket = next[i];
                next[i] = e;
                e = following;
            }
        }
        buckets = next;
    }
}
