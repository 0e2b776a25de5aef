package dev.parley.memcached.client;

import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The commands of a {@link MemcachedClient}, each waiting for its reply. The wait ends within the request's deadline
 * (the session's {@code requestTimeout}); failures are thrown as the {@link dev.parley.client.ParleyClientException}
 * (a {@link dev.parley.client.RemoteErrorException} for an error reply) that failed the future. Must not be called
 * from the session's event loop. Thread-safe.
 */
public final class BlockingMemcachedClient {

    private final MemcachedClient client;

    BlockingMemcachedClient(MemcachedClient client) {
        this.client = client;
    }

    /** @param key the key @return the value, or {@code null} @see MemcachedClient#get(String) */
    public MemcachedValue get(String key) {
        return await(client.get(key));
    }

    /** @param keys the keys @return the hits by key @see MemcachedClient#getAll(Collection) */
    public Map<String, MemcachedValue> getAll(Collection<String> keys) {
        return await(client.getAll(keys));
    }

    /** @param key the key @return the value with its cas unique, or {@code null} @see MemcachedClient#gets(String) */
    public MemcachedValue gets(String key) {
        return await(client.gets(key));
    }

    /** @param keys the keys @return the hits by key @see MemcachedClient#getsAll(Collection) */
    public Map<String, MemcachedValue> getsAll(Collection<String> keys) {
        return await(client.getsAll(keys));
    }

    /** @param key the key @param value the data @return the status @see MemcachedClient#set(String, byte[]) */
    public StoreStatus set(String key, byte[] value) {
        return await(client.set(key, value));
    }

    /**
     * @param key the key @param value the data @param flags the flags @param exptime the expiry
     * @return the status @see MemcachedClient#set(String, byte[], int, long)
     */
    public StoreStatus set(String key, byte[] value, int flags, long exptime) {
        return await(client.set(key, value, flags, exptime));
    }

    /**
     * @param key the key @param value the data @param flags the flags @param exptime the expiry
     * @return the status @see MemcachedClient#add
     */
    public StoreStatus add(String key, byte[] value, int flags, long exptime) {
        return await(client.add(key, value, flags, exptime));
    }

    /**
     * @param key the key @param value the data @param flags the flags @param exptime the expiry
     * @return the status @see MemcachedClient#replace
     */
    public StoreStatus replace(String key, byte[] value, int flags, long exptime) {
        return await(client.replace(key, value, flags, exptime));
    }

    /** @param key the key @param data the bytes @return the status @see MemcachedClient#append */
    public StoreStatus append(String key, byte[] data) {
        return await(client.append(key, data));
    }

    /** @param key the key @param data the bytes @return the status @see MemcachedClient#prepend */
    public StoreStatus prepend(String key, byte[] data) {
        return await(client.prepend(key, data));
    }

    /**
     * @param key the key @param value the data @param flags the flags @param exptime the expiry
     * @param casUnique the cas unique read @return the status @see MemcachedClient#cas
     */
    public StoreStatus cas(String key, byte[] value, int flags, long exptime, long casUnique) {
        return await(client.cas(key, value, flags, exptime, casUnique));
    }

    /** @param key the key @return whether it was deleted @see MemcachedClient#delete */
    public boolean delete(String key) {
        return await(client.delete(key));
    }

    /** @param key the key @param delta the amount @return the new value, or empty @see MemcachedClient#incr */
    public OptionalLong incr(String key, long delta) {
        return await(client.incr(key, delta));
    }

    /** @param key the key @param delta the amount @return the new value, or empty @see MemcachedClient#decr */
    public OptionalLong decr(String key, long delta) {
        return await(client.decr(key, delta));
    }

    /** @param key the key @param exptime the new expiry @return whether it was touched @see MemcachedClient#touch */
    public boolean touch(String key, long exptime) {
        return await(client.touch(key, exptime));
    }

    /** Invalidates every item now. @see MemcachedClient#flushAll() */
    public void flushAll() {
        await(client.flushAll());
    }

    /** @param delay when @see MemcachedClient#flushAll(long) */
    public void flushAll(long delay) {
        await(client.flushAll(delay));
    }

    /** @return the server's version @see MemcachedClient#version() */
    public String version() {
        return await(client.version());
    }

    /** @return the general stats @see MemcachedClient#stats() */
    public Map<String, String> stats() {
        return await(client.stats());
    }

    /**
     * {@link MemcachedClient#metaGet}, waiting.
     *
     * @param key the key
     * @param options what to return and do
     * @return the result
     */
    public MetaResult metaGet(String key, MetaGet options) {
        return await(client.metaGet(key, options));
    }

    /**
     * {@link MemcachedClient#metaGetAll}, waiting.
     *
     * @param keys the keys
     * @param options what to return and do
     * @return the hits by key, in the order of {@code keys}
     */
    public Map<String, MetaResult> metaGetAll(Collection<String> keys, MetaGet options) {
        return await(client.metaGetAll(keys, options));
    }

    /**
     * {@link MemcachedClient#metaSet}, waiting.
     *
     * @param key the key
     * @param value the data
     * @param options how to store
     * @return the result
     */
    public MetaResult metaSet(String key, byte[] value, MetaSet options) {
        return await(client.metaSet(key, value, options));
    }

    /**
     * {@link MemcachedClient#metaDelete}, waiting.
     *
     * @param key the key
     * @param options how to delete
     * @return the result
     */
    public MetaResult metaDelete(String key, MetaDelete options) {
        return await(client.metaDelete(key, options));
    }

    /**
     * {@link MemcachedClient#metaArithmetic}, waiting.
     *
     * @param key the key
     * @param options how to count
     * @return the result
     */
    public MetaResult metaArithmetic(String key, MetaArithmetic options) {
        return await(client.metaArithmetic(key, options));
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            throw new CompletionException("interrupted while waiting for the reply", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new CompletionException(cause);
        }
    }
}
