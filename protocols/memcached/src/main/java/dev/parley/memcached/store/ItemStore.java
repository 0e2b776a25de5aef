package dev.parley.memcached.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread-safe, in-memory memcached item store with the semantics of memcached's text protocol
 * (<a href="https://github.com/memcached/memcached/blob/master/doc/protocol.txt">doc/protocol.txt</a>),
 * free of any networking: the server layer parses commands, calls one method per command and maps the
 * returned result to a reply line ({@code noreply} is the server's business).
 *
 * <h2>Keys and values</h2>
 * Keys are {@link String}s with one char per wire byte (ISO-8859-1), checked with the
 * {@linkplain StoreOptions#keyPolicy() key policy} ({@link KeyPolicy#STRICT} by default); an invalid key throws
 * {@link IllegalArgumentException}. Value arrays are taken over, not copied: the
 * caller must not modify an array after passing it in, nor one returned in an {@link Item}.
 *
 * <h2>Expiry</h2>
 * Expiration times follow the protocol: 0 never expires, 1 to 2,592,000 (30 days) is seconds from now,
 * larger is a Unix time in seconds, negative has already expired. Time comes from
 * {@link StoreOptions#clock()}. Expired items are removed lazily when accessed and reclaimed first when
 * the LRU end is evicted. An item stored with an expiration time already passed is reported
 * {@link StoreResult#STORED} (as memcached does) but takes no memory, and replaces any item under its key.
 *
 * <h2>Memory</h2>
 * Each item is charged {@link Item#sizeOf(int, long) key + value + 48 bytes} against
 * {@link StoreOptions#memoryLimit()}. Storing beyond the limit evicts least recently used items from the key's
 * segment, then from other segments; see {@link StoreOptions#segments()}. Every write (storage commands,
 * {@code touch}, {@code gat}, {@code incr}/{@code decr}, meta changes) counts as a use; a read counts only if the
 * item has not been used for 60 seconds, as memcached bumps an item in its LRU at most once a minute
 * ({@code ITEM_UPDATE_INTERVAL}): an item read again and again within a minute of its last use keeps its place.
 *
 * <h2>Cas uniques</h2>
 * One store-wide counter, starting at 1, gives every modification (storage commands, {@code incr},
 * {@code decr}) a new cas unique. {@code touch} and {@code gat} keep the item's cas unique.
 *
 * <h2>incr/decr</h2>
 * The new value is stored as its exact decimal digits, without the space padding some memcached versions
 * leave when {@code decr} shortens a number (the protocol says the padding may or may not be there);
 * values padded that way by other tools are still accepted as numbers. Flags and expiry are kept.
 */
public final class ItemStore {

    private static final Logger log = LoggerFactory.getLogger("parley.memcached.store");

    private final StoreOptions options;
    private final StoreClock clock;
    private final KeyPolicy keyPolicy;
    private final MemoryBudget budget;
    private final Segment[] segments;
    /** Right shift that keeps the top log2(segments) bits of a mixed hash; -1 for a single segment. */
    private final int segmentShift;
    private final AtomicLong flushCount = new AtomicLong();
    private final Object flushLock = new Object();
    private volatile FlushSchedule flushSchedule = FlushSchedule.INITIAL;

    private ItemStore(StoreOptions options) {
        this.options = options;
        this.clock = options.clock();
        this.keyPolicy = options.keyPolicy();
        this.budget = new MemoryBudget(options.memoryLimit());
        AtomicLong casSequence = new AtomicLong();
        this.segments = new Segment[options.segments()];
        for (int i = 0; i < segments.length; i++) {
            segments[i] = new Segment(budget, casSequence, options.maxItemSize());
        }
        for (Segment segment : segments) {
            segment.peers(segments);
        }
        this.segmentShift = segments.length == 1 ? -1 : Integer.numberOfLeadingZeros(segments.length - 1);
    }

    /**
     * Creates a store with {@link StoreOptions#defaults()}.
     *
     * @return a new, empty store
     */
    public static ItemStore create() {
        return create(StoreOptions.defaults());
    }

    /**
     * Creates a store.
     *
     * @param options the settings
     * @return a new, empty store
     */
    public static ItemStore create(StoreOptions options) {
        log.debug("Creating item store with {}", options);
        return new ItemStore(options);
    }

    /**
     * Returns the settings this store was created with.
     *
     * @return the options
     */
    public StoreOptions options() {
        return options;
    }

    /**
     * {@code set}: stores the item whatever is there. If it fails with {@link StoreResult#TOO_LARGE} or
     * {@link StoreResult#OUT_OF_MEMORY}, the item previously under the key is removed.
     *
     * @param key the key
     * @param flags opaque client flags (unsigned 32-bit)
     * @param exptime expiration time, as in the protocol
     * @param value the value, taken over by the store
     * @return {@code STORED}, {@code TOO_LARGE} or {@code OUT_OF_MEMORY}
     * @throws IllegalArgumentException if the key is invalid
     */
    public StoreResult set(String key, int flags, long exptime, byte[] value) {
        return store(Segment.Mode.SET, key, flags, exptime, value, 0);
    }

    /**
     * {@code add}: stores the item only if no live item has the key.
     *
     * @param key the key
     * @param flags opaque client flags (unsigned 32-bit)
     * @param exptime expiration time, as in the protocol
     * @param value the value, taken over by the store
     * @return {@code STORED}, {@code NOT_STORED}, {@code TOO_LARGE} or {@code OUT_OF_MEMORY}
     * @throws IllegalArgumentException if the key is invalid
     */
    public StoreResult add(String key, int flags, long exptime, byte[] value) {
        return store(Segment.Mode.ADD, key, flags, exptime, value, 0);
    }

    /**
     * {@code replace}: stores the item only if a live item has the key.
     *
     * @param key the key
     * @param flags opaque client flags (unsigned 32-bit)
     * @param exptime expiration time, as in the protocol
     * @param value the value, taken over by the store
     * @return {@code STORED}, {@code NOT_STORED}, {@code TOO_LARGE} or {@code OUT_OF_MEMORY}
     * @throws IllegalArgumentException if the key is invalid
     */
    public StoreResult replace(String key, int flags, long exptime, byte[] value) {
        return store(Segment.Mode.REPLACE, key, flags, exptime, value, 0);
    }

    /**
     * {@code append}: adds data after the existing value, keeping the item's flags and expiry.
     *
     * @param key the key
     * @param data the bytes to add
     * @return {@code STORED}, {@code NOT_STORED} if there is no live item, {@code TOO_LARGE} if the joined
     *     item would exceed the item size limit, or {@code OUT_OF_MEMORY}
     * @throws IllegalArgumentException if the key is invalid
     */
    public StoreResult append(String key, byte[] data) {
        return store(Segment.Mode.APPEND, key, 0, 0, data, 0);
    }

    /**
     * {@code prepend}: adds data before the existing value, keeping the item's flags and expiry.
     *
     * @param key the key
     * @param data the bytes to add
     * @return {@code STORED}, {@code NOT_STORED} if there is no live item, {@code TOO_LARGE} if the joined
     *     item would exceed the item size limit, or {@code OUT_OF_MEMORY}
     * @throws IllegalArgumentException if the key is invalid
     */
    public StoreResult prepend(String key, byte[] data) {
        return store(Segment.Mode.PREPEND, key, 0, 0, data, 0);
    }

    /**
     * {@code cas}: stores the item only if it is unchanged since the client read {@code casUnique}.
     *
     * @param key the key
     * @param flags opaque client flags (unsigned 32-bit)
     * @param exptime expiration time, as in the protocol
     * @param value the value, taken over by the store
     * @param casUnique the cas unique the client got from {@code gets}
     * @return {@code STORED}, {@code EXISTS} if the item changed since, {@code NOT_FOUND} if there is no
     *     live item, {@code TOO_LARGE} or {@code OUT_OF_MEMORY}
     * @throws IllegalArgumentException if the key is invalid
     */
    public StoreResult cas(String key, int flags, long exptime, byte[] value, long casUnique) {
        return store(Segment.Mode.CAS, key, flags, exptime, value, casUnique);
    }

    /**
     * {@code get}/{@code gets} of one key; a hit makes the item most recently used.
     *
     * @param key the key
     * @return the live item, or {@code null} if there is none
     * @throws IllegalArgumentException if the key is invalid
     */
    public Item get(String key) {
        long now = clock.currentTimeMillis();
        keyPolicy.validate(key);
        int hash = ItemTable.hash(key);
        return segments[segmentIndex(hash)].get(key, hash, now, flushSchedule.cutoff(now));
    }

    /**
     * {@code get}/{@code gets} of several keys.
     *
     * @param keys the keys, in request order
     * @return the live items in request order, misses left out (a repeated key appears once per request)
     * @throws IllegalArgumentException if a key is invalid
     */
    public List<Item> get(List<String> keys) {
        List<Item> found = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            Item item = get(keys.get(i));
            if (item != null) {
                found.add(item);
            }
        }
        return found;
    }

    /**
     * {@code gat}/{@code gats} of one key: returns the item and replaces its expiration time. An
     * expiration time already passed returns the item once and removes it.
     *
     * @param exptime the new expiration time, as in the protocol
     * @param key the key
     * @return the live item with its new expiry, or {@code null} if there is none
     * @throws IllegalArgumentException if the key is invalid
     */
    public Item getAndTouch(long exptime, String key) {
        long now = clock.currentTimeMillis();
        return segmentFor(key).getAndTouch(key, Expiry.toAbsoluteMillis(exptime, now), now,
                flushSchedule.cutoff(now));
    }

    /**
     * {@code gat}/{@code gats} of several keys.
     *
     * @param exptime the new expiration time, as in the protocol
     * @param keys the keys, in request order
     * @return the live items with their new expiry, in request order, misses left out
     * @throws IllegalArgumentException if a key is invalid
     */
    public List<Item> getAndTouch(long exptime, List<String> keys) {
        List<Item> found = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            Item item = getAndTouch(exptime, keys.get(i));
            if (item != null) {
                found.add(item);
            }
        }
        return found;
    }

    /**
     * {@code touch}: replaces the expiration time of a live item; its value and cas unique stay.
     *
     * @param key the key
     * @param exptime the new expiration time, as in the protocol
     * @return {@code TOUCHED} or {@code NOT_FOUND}
     * @throws IllegalArgumentException if the key is invalid
     */
    public TouchResult touch(String key, long exptime) {
        long now = clock.currentTimeMillis();
        return segmentFor(key).touch(key, Expiry.toAbsoluteMillis(exptime, now), now, flushSchedule.cutoff(now));
    }

    /**
     * {@code delete}: removes a live item.
     *
     * @param key the key
     * @return {@code DELETED} or {@code NOT_FOUND}
     * @throws IllegalArgumentException if the key is invalid
     */
    public DeleteResult delete(String key) {
        long now = clock.currentTimeMillis();
        return segmentFor(key).delete(key, now, flushSchedule.cutoff(now));
    }

    /**
     * {@code incr}: adds {@code delta} to a numeric value, wrapping around at 2^64.
     *
     * @param key the key
     * @param delta an unsigned 64-bit amount (see {@link UnsignedLongs#parseUnsigned64(CharSequence)})
     * @return the new value, or a {@code NOT_FOUND}, {@code NON_NUMERIC} or {@code OUT_OF_MEMORY} status
     * @throws IllegalArgumentException if the key is invalid
     */
    public DeltaResult incr(String key, long delta) {
        return delta(key, true, delta);
    }

    /**
     * {@code decr}: subtracts {@code delta} from a numeric value, stopping at 0 instead of underflowing.
     *
     * @param key the key
     * @param delta an unsigned 64-bit amount (see {@link UnsignedLongs#parseUnsigned64(CharSequence)})
     * @return the new value, or a {@code NOT_FOUND}, {@code NON_NUMERIC} or {@code OUT_OF_MEMORY} status
     * @throws IllegalArgumentException if the key is invalid
     */
    public DeltaResult decr(String key, long delta) {
        return delta(key, false, delta);
    }

    /**
     * {@code flush_all} without a delay: invalidates every item now and frees their memory. Items stored
     * afterwards are unaffected. Cancels a pending delayed flush, as memcached keeps only the latest one.
     */
    public void flushAll() {
        flushCount.incrementAndGet();
        flushNow(clock.currentTimeMillis());
    }

    /**
     * {@code flush_all <delay>}: from the given time on, items last stored (or changed by {@code incr}/
     * {@code decr}) before that time are invalid; items stored at or after it are unaffected. The delay
     * is read like an expiration time: 0 or negative means now, up to 30 days is seconds from now, larger
     * is a Unix time. A later {@code flush_all} replaces one still pending.
     *
     * @param delay when to flush, as in the protocol
     */
    public void flushAll(long delay) {
        flushCount.incrementAndGet();
        long now = clock.currentTimeMillis();
        long at = delay <= 0 ? now : Expiry.toAbsoluteMillis(delay, now);
        if (at <= now) {
            flushNow(now);
            return;
        }
        synchronized (flushLock) {
            flushSchedule = flushSchedule.delayedUntil(at, now);
        }
        log.debug("flush_all scheduled at {} (in {} ms)", at, at - now);
    }

    /**
     * Returns a snapshot of the statistics.
     *
     * @return counters and gauges as of this call
     */
    public StoreStats stats() {
        long[] totals = new long[StoreCounter.COUNT];
        long currItems = 0;
        for (Segment segment : segments) {
            currItems += segment.accumulate(totals);
        }
        totals[StoreCounter.CMD_FLUSH.ordinal()] = flushCount.get();
        return new StoreStats(totals, currItems, budget.used(), budget.limit());
    }

    // ---- meta protocol ----

    /**
     * {@code mg}: the live item with the meta protocol's side effects.
     *
     * @param key the key (decoded, if it was sent base64)
     * @param binaryKey whether the key was sent base64: an item created here remembers it
     * @param touchExptime {@code T}: the new expiration time, as in the protocol, or {@code null}
     * @param vivifyExptime {@code N}: on a miss, create an empty item with this expiration time, or {@code null}
     * @param recacheSeconds {@code R}: win the token if the item expires within this many seconds; {@code -1} for none
     * @return {@code HIT} (see {@link MetaResult#won()} and the other token flags), {@code CREATED}, {@code NOT_FOUND}
     *     or {@code OUT_OF_MEMORY}
     * @throws IllegalArgumentException if the key is invalid
     */
    public MetaResult metaGet(String key, boolean binaryKey, Long touchExptime, Long vivifyExptime,
                              long recacheSeconds) {
        long now = clock.currentTimeMillis();
        return segmentFor(key, binaryKey).metaGet(key, absolute(touchExptime, now), absolute(vivifyExptime, now),
                recacheSeconds < 0 ? -1 : recacheSeconds * 1000, binaryKey ? Item.BINARY_KEY : 0, now,
                flushSchedule.cutoff(now));
    }

    /**
     * {@code ms}: stores an item as the mode's classic command does.
     *
     * @param mode the storage command to act as
     * @param key the key (decoded, if it was sent base64)
     * @param binaryKey whether the key was sent base64
     * @param flags opaque client flags (unsigned 32-bit)
     * @param exptime expiration time, as in the protocol
     * @param value the value, taken over by the store
     * @param compareCas {@code C}: store only over an item with cas unique {@code casUnique}
     * @param casUnique the cas unique compared
     * @param invalidate {@code I}: with {@code compareCas}, a {@code casUnique} older than the item's still stores,
     *     and the item is marked stale
     * @return {@code DONE} (the stored item), {@code NOT_STORED}, {@code NOT_FOUND}, {@code EXISTS},
     *     {@code TOO_LARGE} or {@code OUT_OF_MEMORY}
     * @throws IllegalArgumentException if the key is invalid
     */
    public MetaResult metaSet(MetaSetMode mode, String key, boolean binaryKey, int flags, long exptime,
                              byte[] value, boolean compareCas, long casUnique, boolean invalidate) {
        if (value == null) {
            throw new NullPointerException("value");
        }
        long now = clock.currentTimeMillis();
        return segmentFor(key, binaryKey).metaStore(mode.mode, key, flags, Expiry.toAbsoluteMillis(exptime, now), value,
                compareCas, casUnique, invalidate, binaryKey ? Item.BINARY_KEY : 0, now, flushSchedule.cutoff(now));
    }

    /**
     * {@code md}: deletes the live item or, with {@code invalidate}, marks it stale.
     *
     * @param key the key
     * @param compareCas {@code C}: only if the item's cas unique is {@code casUnique}
     * @param casUnique the cas unique compared
     * @param invalidate {@code I}: mark stale instead of removing
     * @param exptime {@code T} with {@code I}: the stale item's new expiration time, or {@code null}
     * @return {@code DONE}, {@code NOT_FOUND} or {@code EXISTS}
     * @throws IllegalArgumentException if the key is invalid
     */
    public MetaResult metaDelete(String key, boolean compareCas, long casUnique, boolean invalidate, Long exptime) {
        long now = clock.currentTimeMillis();
        return metaSegmentFor(key).metaDelete(key, compareCas, casUnique, invalidate, absolute(exptime, now), now,
                flushSchedule.cutoff(now));
    }

    /**
     * {@code ma}: {@code incr} or {@code decr} with the meta protocol's options.
     *
     * @param key the key
     * @param binaryKey whether the key was sent base64
     * @param increment add ({@code MI}) or subtract ({@code MD})
     * @param delta the unsigned amount
     * @param compareCas {@code C}: only if the item's cas unique is {@code casUnique}
     * @param casUnique the cas unique compared
     * @param vivifyExptime {@code N}: on a miss, create the item holding {@code initial} with this expiration time
     * @param initial {@code J}: the created item's value
     * @param touchExptime {@code T}: a hit's new expiration time, or {@code null}
     * @return {@code HIT}, {@code CREATED} (see {@link MetaResult#number()}), {@code NOT_FOUND}, {@code EXISTS},
     *     {@code NON_NUMERIC} or {@code OUT_OF_MEMORY}
     * @throws IllegalArgumentException if the key is invalid
     */
    public MetaResult metaArithmetic(String key, boolean binaryKey, boolean increment, long delta,
                                     boolean compareCas, long casUnique, Long vivifyExptime, long initial,
                                     Long touchExptime) {
        long now = clock.currentTimeMillis();
        return segmentFor(key, binaryKey).metaDelta(key, increment, delta, compareCas, casUnique,
                absolute(vivifyExptime, now), initial, absolute(touchExptime, now), binaryKey ? Item.BINARY_KEY : 0,
                now, flushSchedule.cutoff(now));
    }

    /**
     * {@code me}: the live item, not counted as a get.
     *
     * @param key the key
     * @return the item, or {@code null}
     * @throws IllegalArgumentException if the key is invalid
     */
    public Item peek(String key) {
        long now = clock.currentTimeMillis();
        return metaSegmentFor(key).peek(key, now, flushSchedule.cutoff(now));
    }

    /**
     * Returns an item's remaining time to live as the meta protocol's {@code t} flag shows it.
     *
     * @param expiresAtMillis an item's {@link Item#expiresAtMillis()}
     * @return {@code -1} for an item that never expires, else the seconds left, rounded up
     */
    public long remainingSeconds(long expiresAtMillis) {
        if (expiresAtMillis == Item.NEVER_EXPIRES) {
            return -1;
        }
        long left = expiresAtMillis - clock.currentTimeMillis();
        return left <= 0 ? 0 : (left + 999) / 1000;
    }

    private static Long absolute(Long exptime, long now) {
        return exptime == null ? null : Expiry.toAbsoluteMillis(exptime, now);
    }

    private void flushNow(long now) {
        synchronized (flushLock) {
            flushSchedule = flushSchedule.flushedNow(now);
        }
        for (Segment segment : segments) {
            segment.clear();
        }
        log.debug("flush_all at {}", now);
    }

    private StoreResult store(Segment.Mode mode, String key, int flags, long exptime, byte[] value, long cas) {
        if (value == null) {
            throw new NullPointerException("value");
        }
        long now = clock.currentTimeMillis();
        return segmentFor(key).store(mode, key, flags, Expiry.toAbsoluteMillis(exptime, now), value, cas, now,
                flushSchedule.cutoff(now));
    }

    private DeltaResult delta(String key, boolean increment, long delta) {
        long now = clock.currentTimeMillis();
        return segmentFor(key).delta(key, increment, delta, now, flushSchedule.cutoff(now));
    }

    private Segment segmentFor(String key) {
        keyPolicy.validate(key);
        return segments[segmentIndex(key)];
    }

    /**
     * The segment of a key that may be a base64 key of a meta command, of any bytes: only its length is checked
     * (a plain key of a meta command is checked against the key policy by the command).
     */
    private Segment segmentFor(String key, boolean binaryKey) {
        return binaryKey ? metaSegmentFor(key) : segmentFor(key);
    }

    private Segment metaSegmentFor(String key) {
        if (key.isEmpty() || key.length() > Keys.MAX_LENGTH) {
            throw new IllegalArgumentException("key length: " + key.length() + " (expected: 1 to " + Keys.MAX_LENGTH
                    + ")");
        }
        return segments[segmentIndex(key)];
    }

    /** Returns the index of the segment holding a key. */
    int segmentIndex(String key) {
        return segmentIndex(ItemTable.hash(key));
    }

    /** Returns the index of the segment holding the keys of an {@link ItemTable#hash}. */
    private int segmentIndex(int hash) {
        if (segmentShift < 0) {
            return 0;
        }
        // The top bits of a multiplicative (Fibonacci) mix of the table hash: the segment's table indexes its buckets
        // with the low bits of that hash, so picking the segment from those same bits would leave every segment
        // using one bucket in 16, with long chains.
        return (hash * 0x9E3779B9) >>> segmentShift;
    }
}
