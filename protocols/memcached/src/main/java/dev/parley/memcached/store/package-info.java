/**
 * A network-free, thread-safe memcached storage engine: items, the storage, retrieval, touch, delete,
 * incr/decr and flush_all commands with memcached's ASCII-protocol semantics, expiry from an injectable
 * {@link dev.parley.memcached.store.StoreClock}, a memory limit with LRU eviction, and the counters of the
 * general {@code stats} command.
 *
 * <p>Entry point: {@link dev.parley.memcached.store.ItemStore#create(StoreOptions)}. The server layer maps
 * the result enums to reply lines; see
 * <a href="https://github.com/memcached/memcached/blob/master/doc/protocol.txt">doc/protocol.txt</a>.
 */
package dev.parley.memcached.store;
