package dev.parley.memcached.client;

import dev.parley.client.ParleyClient;
import dev.parley.memcached.store.Keys;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A memcached client over many servers: each key goes to one server chosen by ketama consistent hashing
 * ({@link KetamaRing}), the placement spymemcached's {@code KETAMA_HASH} locator computes for the same server list,
 * so Parley and spymemcached clients of one fleet read and write each key on the same server. Each server has its
 * own {@link MemcachedClient} (one pipelined, reconnecting session).
 * <pre>{@code
 * try (MemcachedCluster cache = MemcachedCluster.connect(List.of(
 *         new InetSocketAddress("10.0.0.1", 11211), new InetSocketAddress("10.0.0.2", 11211)))) {
 *     cache.set("k", "v".getBytes(UTF_8)).join();
 *     Map<String, MemcachedValue> hits = cache.getAll(List.of("k", "x")).join(); // one get per server
 *     long n = cache.blocking().incr("counter", 1).orElse(-1);
 * }
 * }</pre>
 * A server whose connection is lost, whose connect attempt fails, or whose calls fail
 * {@link MemcachedClusterOptions#failureLimit()} times in a row is taken out of the ring: its keys go to the next
 * point of a live server, every other key stays where it was. It is put back, and its keys go home, when a new
 * connection to it is ready. Calls already sent to it fail as {@link MemcachedClient}'s do; they are not resent
 * elsewhere. Servers start in the ring; when every one is out, keys go to their home server and wait there within
 * their deadline. A key's home moves only with membership, so values written while a server was out stay on the
 * server that stood in for it (stale once the owner is back, until they expire): set expiry times accordingly.
 *
 * <p>Futures complete on the sessions' event loops, as {@link MemcachedClient}'s; keys are checked locally and throw
 * {@link IllegalArgumentException}. Thread-safe.
 */
public final class MemcachedCluster implements AutoCloseable {

    /** The ring of the live servers and, index for index, their members. */
    private record Routing(KetamaRing ring, ClusterMember[] members) {
        ClusterMember memberFor(String key) {
            return members[ring.serverIndex(key)];
        }
    }

    private final List<ClusterMember> members;
    private final Routing everyServer;
    private final ParleyClient ownedClient;
    private final BlockingMemcachedCluster blocking = new BlockingMemcachedCluster(this);
    private volatile Routing routing;

    private MemcachedCluster(ParleyClient client, List<InetSocketAddress> servers, MemcachedClusterOptions options,
                             boolean owned) {
        KetamaRing ring = KetamaRing.of(servers); // checks: not empty, no duplicates
        this.ownedClient = owned ? client : null;
        List<ClusterMember> list = new ArrayList<>();
        for (InetSocketAddress address : ring.servers()) {
            list.add(new ClusterMember(address, client, options, this::membershipChanged));
        }
        this.members = List.copyOf(list);
        this.everyServer = new Routing(ring, list.toArray(new ClusterMember[0]));
        this.routing = everyServer;
        membershipChanged();
    }

    /**
     * Connects to every server with its own one-thread {@link ParleyClient} and the default options; closing the
     * cluster closes it.
     *
     * @param servers the servers, at least one, no duplicates
     * @return the cluster; it connects in the background, requests wait within their deadlines
     */
    public static MemcachedCluster connect(List<InetSocketAddress> servers) {
        ParleyClient client = ParleyClient.create(1);
        try {
            return new MemcachedCluster(client, servers, MemcachedClusterOptions.defaults(), true);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * Connects to every server through a shared {@link ParleyClient}; closing the cluster closes its sessions only.
     *
     * @param client the shared client resources
     * @param servers the servers, at least one, no duplicates
     * @param options failure detection and session options
     * @return the cluster
     */
    public static MemcachedCluster connect(ParleyClient client, List<InetSocketAddress> servers,
                                           MemcachedClusterOptions options) {
        return new MemcachedCluster(client, servers, options, false);
    }

    /** @return the same commands, each waiting for its reply */
    public BlockingMemcachedCluster blocking() {
        return blocking;
    }

    /** @return the servers, in the order given */
    public List<InetSocketAddress> servers() {
        return everyServer.ring().servers();
    }

    /** @return the servers in the ring now, in the order given */
    public List<InetSocketAddress> liveServers() {
        return routing.ring().servers();
    }

    /** @return the ring keys are placed on now: that of the live servers, or of all when none is live */
    public KetamaRing ring() {
        return routing.ring();
    }

    /**
     * @param key the key
     * @return the server the key goes to now
     */
    public InetSocketAddress serverFor(String key) {
        return routing.memberFor(Keys.validate(key)).address();
    }

    /**
     * The client of one server, for per-server commands such as {@code stats} and {@code version}. It is replaced
     * when the cluster opens a new connection after failures: ask again rather than keep it.
     *
     * @param server one of {@link #servers()}
     * @return its current client
     * @throws IllegalArgumentException if the server is not in the cluster
     */
    public MemcachedClient client(InetSocketAddress server) {
        for (ClusterMember m : members) {
            if (m.address().equals(server)) {
                return m.client();
            }
        }
        throw new IllegalArgumentException("server: " + server + " (expected: one of " + servers() + ")");
    }

    /** @param key the key @return the value, or {@code null} @see MemcachedClient#get(String) */
    public CompletableFuture<MemcachedValue> get(String key) {
        return onKey(key, c -> c.get(key));
    }

    /** @param key the key @return the value with its cas unique, or {@code null} @see MemcachedClient#gets */
    public CompletableFuture<MemcachedValue> gets(String key) {
        return onKey(key, c -> c.gets(key));
    }

    /**
     * Gets many keys with one {@code get} per server holding some of them, sent at once.
     *
     * @param keys the keys
     * @return the hits by key, in the order of {@code keys}; misses are absent. Fails if any server's part fails
     */
    public CompletableFuture<Map<String, MemcachedValue>> getAll(Collection<String> keys) {
        return multi(keys, MemcachedClient::getAll);
    }

    /**
     * As {@link #getAll}, with {@code gets}.
     *
     * @param keys the keys
     * @return the hits with their cas uniques by key, in the order of {@code keys}; misses are absent
     */
    public CompletableFuture<Map<String, MemcachedValue>> getsAll(Collection<String> keys) {
        return multi(keys, MemcachedClient::getsAll);
    }

    /** @param key the key @param value the data @return the status @see MemcachedClient#set(String, byte[]) */
    public CompletableFuture<StoreStatus> set(String key, byte[] value) {
        return onKey(key, c -> c.set(key, value));
    }

    /**
     * @param key the key @param value the data @param flags the flags @param exptime the expiry
     * @return the status @see MemcachedClient#set(String, byte[], int, long)
     */
    public CompletableFuture<StoreStatus> set(String key, byte[] value, int flags, long exptime) {
        return onKey(key, c -> c.set(key, value, flags, exptime));
    }

    /**
     * @param key the key @param value the data @param flags the flags @param exptime the expiry
     * @return the status @see MemcachedClient#add
     */
    public CompletableFuture<StoreStatus> add(String key, byte[] value, int flags, long exptime) {
        return onKey(key, c -> c.add(key, value, flags, exptime));
    }

    /**
     * @param key the key @param value the data @param flags the flags @param exptime the expiry
     * @return the status @see MemcachedClient#replace
     */
    public CompletableFuture<StoreStatus> replace(String key, byte[] value, int flags, long exptime) {
        return onKey(key, c -> c.replace(key, value, flags, exptime));
    }

    /** @param key the key @param data the bytes @return the status @see MemcachedClient#append */
    public CompletableFuture<StoreStatus> append(String key, byte[] data) {
        return onKey(key, c -> c.append(key, data));
    }

    /** @param key the key @param data the bytes @return the status @see MemcachedClient#prepend */
    public CompletableFuture<StoreStatus> prepend(String key, byte[] data) {
        return onKey(key, c -> c.prepend(key, data));
    }

    /**
     * @param key the key @param value the data @param flags the flags @param exptime the expiry
     * @param casUnique the cas unique read @return the status @see MemcachedClient#cas
     */
    public CompletableFuture<StoreStatus> cas(String key, byte[] value, int flags, long exptime, long casUnique) {
        return onKey(key, c -> c.cas(key, value, flags, exptime, casUnique));
    }

    /** @param key the key @return whether it was deleted @see MemcachedClient#delete */
    public CompletableFuture<Boolean> delete(String key) {
        return onKey(key, c -> c.delete(key));
    }

    /** @param key the key @param delta the amount @return the new value, or empty @see MemcachedClient#incr */
    public CompletableFuture<OptionalLong> incr(String key, long delta) {
        return onKey(key, c -> c.incr(key, delta));
    }

    /** @param key the key @param delta the amount @return the new value, or empty @see MemcachedClient#decr */
    public CompletableFuture<OptionalLong> decr(String key, long delta) {
        return onKey(key, c -> c.decr(key, delta));
    }

    /** @param key the key @param exptime the new expiry @return whether it was touched @see MemcachedClient#touch */
    public CompletableFuture<Boolean> touch(String key, long exptime) {
        return onKey(key, c -> c.touch(key, exptime));
    }

    /**
     * {@code flush_all} on every server, live or not.
     *
     * @return completes when every server said {@code OK}; fails if any did not
     */
    public CompletableFuture<Void> flushAll() {
        CompletableFuture<?>[] all = new CompletableFuture<?>[members.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = members.get(i).call(MemcachedClient::flushAll);
        }
        return CompletableFuture.allOf(all);
    }

    /** Closes every server's session (and the {@link ParleyClient} when the cluster created it). */
    @Override
    public void close() {
        for (ClusterMember m : members) {
            m.close();
        }
        if (ownedClient != null) {
            ownedClient.close();
        }
    }

    @Override
    public String toString() {
        return "MemcachedCluster" + servers() + " live " + liveServers();
    }

    private <T> CompletableFuture<T> onKey(String key, Function<MemcachedClient, CompletableFuture<T>> command) {
        return routing.memberFor(Keys.validate(key)).call(command);
    }

    private CompletableFuture<Map<String, MemcachedValue>> multi(
            Collection<String> keys,
            BiFunction<MemcachedClient, List<String>, CompletableFuture<Map<String, MemcachedValue>>> command) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("keys: none (expected: at least one)");
        }
        Routing r = routing;
        Map<ClusterMember, List<String>> byServer = new LinkedHashMap<>();
        for (String key : keys) {
            byServer.computeIfAbsent(r.memberFor(Keys.validate(key)), m -> new ArrayList<>()).add(key);
        }
        List<CompletableFuture<Map<String, MemcachedValue>>> parts = new ArrayList<>(byServer.size());
        byServer.forEach((m, part) -> parts.add(m.call(c -> command.apply(c, part))));
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(ignored -> {
            Map<String, MemcachedValue> found = new HashMap<>();
            parts.forEach(part -> found.putAll(part.join()));
            Map<String, MemcachedValue> hits = new LinkedHashMap<>();
            for (String key : keys) {
                MemcachedValue v = found.get(key);
                if (v != null) {
                    hits.putIfAbsent(key, v);
                }
            }
            return hits;
        });
    }

    /** Rebuilds the ring from the live servers; called whenever a server goes out or comes back. */
    private synchronized void membershipChanged() {
        if (members == null) {
            return; // still constructing; the constructor builds the first ring itself
        }
        List<InetSocketAddress> live = new ArrayList<>();
        List<ClusterMember> liveMembers = new ArrayList<>();
        for (ClusterMember m : members) {
            if (m.isLive()) {
                live.add(m.address());
                liveMembers.add(m);
            }
        }
        if (live.isEmpty() || live.size() == members.size()) {
            routing = everyServer;
        } else if (!live.equals(routing.ring().servers())) {
            routing = new Routing(KetamaRing.of(live), liveMembers.toArray(new ClusterMember[0]));
        }
    }
}
