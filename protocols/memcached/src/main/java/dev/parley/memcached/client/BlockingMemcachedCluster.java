package dev.parley.memcached.client;

import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;

import static dev.parley.memcached.client.BlockingMemcachedClient.await;

/**
 * The commands of a {@link MemcachedCluster}, each waiting for its reply, as {@link BlockingMemcachedClient} does for
 * one server: the wait ends within the request's deadline, and failures are thrown as the
 * {@link dev.parley.client.ParleyClientException} that failed the future. Must not be called from an event loop of
 * the cluster's sessions. Thread-safe.
 */
public final class BlockingMemcachedCluster {

    private final MemcachedCluster cluster;

    BlockingMemcachedCluster(MemcachedCluster cluster) {
        this.cluster = cluster;
    }

    /** @param key the key @return the value, or {@code null} @see MemcachedCluster#get(String) */
    public MemcachedValue get(String key) {
        return await(cluster.get(key));
    }

    /** @param keys the keys @return the hits by key, in key order @see MemcachedCluster#getAll(Collection) */
    public Map<String, MemcachedValue> getAll(Collection<String> keys) {
        return await(cluster.getAll(keys));
    }

    /** @param key the key @return the value with its cas unique, or {@code null} @see MemcachedCluster#gets */
    public MemcachedValue gets(String key) {
        return await(cluster.gets(key));
    }

    /** @param keys the keys @return the hits by key, in key order @see MemcachedCluster#getsAll(Collection) */
    public Map<String, MemcachedValue> getsAll(Collection<String> keys) {
        return await(cluster.getsAll(keys));
    }

    /** @param key the key @param value the data @return the status @see MemcachedCluster#set(String, byte[]) */
    public StoreStatus set(String key, byte[] value) {
        return await(cluster.set(key, value));
    }

    /**
     * @param key the key @param value the data @param flags the flags @param exptime the expiry
     * @return the status @see MemcachedCluster#set(String, byte[], int, long)
     */
    public StoreStatus set(String key, byte[] value, int flags, long exptime) {
        return await(cluster.set(key, value, flags, exptime));
    }

    /**
     * @param key the key @param value the data @param flags the flags @param exptime the expiry
     * @return the status @see MemcachedCluster#add
     */
    public StoreStatus add(String key, byte[] value, int flags, long exptime) {
        return await(cluster.add(key, value, flags, exptime));
    }

    /**
     * @param key the key @param value the data @param flags the flags @param exptime the expiry
     * @return the status @see MemcachedCluster#replace
     */
    public StoreStatus replace(String key, byte[] value, int flags, long exptime) {
        return await(cluster.replace(key, value, flags, exptime));
    }

    /** @param key the key @param data the bytes @return the status @see MemcachedCluster#append */
    public StoreStatus append(String key, byte[] data) {
        return await(cluster.append(key, data));
    }

    /** @param key the key @param data the bytes @return the status @see MemcachedCluster#prepend */
    public StoreStatus prepend(String key, byte[] data) {
        return await(cluster.prepend(key, data));
    }

    /**
     * @param key the key @param value the data @param flags the flags @param exptime the expiry
     * @param casUnique the cas unique read @return the status @see MemcachedCluster#cas
     */
    public StoreStatus cas(String key, byte[] value, int flags, long exptime, long casUnique) {
        return await(cluster.cas(key, value, flags, exptime, casUnique));
    }

    /** @param key the key @return whether it was deleted @see MemcachedCluster#delete */
    public boolean delete(String key) {
        return await(cluster.delete(key));
    }

    /** @param key the key @param delta the amount @return the new value, or empty @see MemcachedCluster#incr */
    public OptionalLong incr(String key, long delta) {
        return await(cluster.incr(key, delta));
    }

    /** @param key the key @param delta the amount @return the new value, or empty @see MemcachedCluster#decr */
    public OptionalLong decr(String key, long delta) {
        return await(cluster.decr(key, delta));
    }

    /** @param key the key @param exptime the new expiry @return whether it was touched @see MemcachedCluster#touch */
    public boolean touch(String key, long exptime) {
        return await(cluster.touch(key, exptime));
    }

    /** Invalidates every item on every server now. @see MemcachedCluster#flushAll() */
    public void flushAll() {
        await(cluster.flushAll());
    }
}
