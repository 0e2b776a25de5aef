/**
 * memcached clients on Parley client sessions.
 *
 * <ul>
 *   <li>{@link dev.parley.memcached.client.MemcachedClient}: one server, one pipelined, reconnecting session;
 *       {@link dev.parley.memcached.client.BlockingMemcachedClient} waits for each reply.</li>
 *   <li>{@link dev.parley.memcached.client.MemcachedCluster}: many servers, each key on the one that
 *       {@link dev.parley.memcached.client.KetamaRing} names; a server that fails is out of the ring until a new
 *       connection to it is ready, configured by {@link dev.parley.memcached.client.MemcachedClusterOptions}.</li>
 *   <li>{@link dev.parley.memcached.client.KetamaRing}: ketama consistent hashing, placing keys as spymemcached's
 *       {@code KetamaNodeLocator} with {@code KETAMA_HASH} and its default node key format does, so mixed fleets
 *       agree.</li>
 *   <li>{@link dev.parley.memcached.client.MemcachedClientProtocol} and
 *       {@link dev.parley.memcached.client.MemcachedReplyAssembler}: memcached's ASCII protocol for the Parley client
 *       core (the protocol side; users of the clients above need not touch them).</li>
 * </ul>
 *
 * @see <a href="https://github.com/memcached/memcached/blob/master/doc/protocol.txt">memcached's protocol.txt</a>
 */
package dev.parley.memcached.client;
