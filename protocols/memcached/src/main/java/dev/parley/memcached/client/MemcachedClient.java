package dev.parley.memcached.client;

import dev.parley.client.Body;
import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.Reply;
import dev.parley.client.Request;
import dev.parley.client.Session;
import dev.parley.memcached.store.Keys;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * A memcached client on a Parley client {@link Session}: requests are pipelined on one connection and answered in
 * order, each within its deadline, and the connection is re-established when lost. Only the retrieval commands
 * ({@code get}, {@code gets}) are declared queries and may be retried after they may have run; every other command
 * ({@code set}, {@code incr}, {@code append}, ...) is an action, retried only when it certainly did not run.
 * <pre>{@code
 * try (MemcachedClient mc = MemcachedClient.connect(new InetSocketAddress("127.0.0.1", 11211))) {
 *     mc.set("k", "v".getBytes(UTF_8)).join();
 *     Map<String, MemcachedValue> hits = mc.getAll(List.of("k", "x")).join();
 *     long n = mc.blocking().incr("counter", 1).orElse(-1);
 * }
 * }</pre>
 * Every method returns a future completing on the session's event loop (do not block in its callbacks);
 * {@code ERROR}, {@code CLIENT_ERROR} and {@code SERVER_ERROR} replies complete it with a
 * {@link dev.parley.client.RemoteErrorException}. {@link #blocking()} offers the same calls, waiting. Keys are
 * checked locally (1-250 bytes, no spaces or control characters) and throw {@link IllegalArgumentException}.
 * {@code noreply} is never sent: replies are what keeps pipelined requests matched. Thread-safe.
 */
public final class MemcachedClient implements AutoCloseable {

    private final Session session;
    private final ParleyClient ownedClient;
    private final BlockingMemcachedClient blocking;

    private MemcachedClient(Session session, ParleyClient ownedClient) {
        this.session = session;
        this.ownedClient = ownedClient;
        this.blocking = new BlockingMemcachedClient(this);
    }

    /**
     * Connects with its own one-thread {@link ParleyClient} and the default options; closing this client closes it.
     *
     * @param address the server
     * @return the client; it connects in the background, requests wait within their deadlines
     */
    public static MemcachedClient connect(SocketAddress address) {
        ParleyClient client = ParleyClient.create(1);
        return new MemcachedClient(client.connect(address, options(ClientOptions.defaults())), client);
    }

    /**
     * Connects through a shared {@link ParleyClient}, with the given options (deadlines, backoff, retry policy,
     * TLS); their protocol is replaced by {@link MemcachedClientProtocol}. Closing this client closes the session
     * only.
     *
     * @param client the shared client resources
     * @param address the server
     * @param options the session options
     * @return the client
     */
    public static MemcachedClient connect(ParleyClient client, SocketAddress address, ClientOptions options) {
        return new MemcachedClient(client.connect(address, options(options)), null);
    }

    private static ClientOptions options(ClientOptions base) {
        return base.toBuilder().protocol(MemcachedClientProtocol.create()).build();
    }

    /** @return the underlying session */
    public Session session() {
        return session;
    }

    /** @return the same commands, each waiting for its reply */
    public BlockingMemcachedClient blocking() {
        return blocking;
    }

    /**
     * {@code get <key>}.
     *
     * @param key the key
     * @return the value, or {@code null} when there is none
     */
    public CompletableFuture<MemcachedValue> get(String key) {
        return session.sendMapped(Request.query("get", key(key)), MemcachedClient::first);
    }

    /**
     * {@code get <key>*} in one request.
     *
     * @param keys the keys
     * @return the hits by key, in reply order; misses are absent
     */
    public CompletableFuture<Map<String, MemcachedValue>> getAll(Collection<String> keys) {
        return retrieve("get", keys).thenApply(MemcachedClient::byKey);
    }

    /**
     * {@code gets <key>}: the value with its cas unique.
     *
     * @param key the key
     * @return the value, or {@code null} when there is none
     */
    public CompletableFuture<MemcachedValue> gets(String key) {
        return session.sendMapped(Request.query("gets", key(key)), MemcachedClient::first);
    }

    /**
     * {@code gets <key>*} in one request.
     *
     * @param keys the keys
     * @return the hits with their cas uniques by key, in reply order; misses are absent
     */
    public CompletableFuture<Map<String, MemcachedValue>> getsAll(Collection<String> keys) {
        return retrieve("gets", keys).thenApply(MemcachedClient::byKey);
    }

    /**
     * {@code set} with flags 0 and no expiry.
     *
     * @param key the key
     * @param value the data; copied
     * @return {@link StoreStatus#STORED}
     */
    public CompletableFuture<StoreStatus> set(String key, byte[] value) {
        return set(key, value, 0, 0);
    }

    /**
     * {@code set <key> <flags> <exptime> <bytes>}.
     *
     * @param key the key
     * @param value the data; copied
     * @param flags client flags (unsigned 32-bit)
     * @param exptime expiration time as in the protocol (0 never, up to 30 days relative, else Unix time)
     * @return {@link StoreStatus#STORED}
     */
    public CompletableFuture<StoreStatus> set(String key, byte[] value, int flags, long exptime) {
        return store("set", key, value, flags, exptime);
    }

    /**
     * {@code add}: stores only if the key is absent.
     *
     * @param key the key
     * @param value the data; copied
     * @param flags client flags
     * @param exptime expiration time
     * @return {@link StoreStatus#STORED} or {@link StoreStatus#NOT_STORED}
     */
    public CompletableFuture<StoreStatus> add(String key, byte[] value, int flags, long exptime) {
        return store("add", key, value, flags, exptime);
    }

    /**
     * {@code replace}: stores only if the key is present.
     *
     * @param key the key
     * @param value the data; copied
     * @param flags client flags
     * @param exptime expiration time
     * @return {@link StoreStatus#STORED} or {@link StoreStatus#NOT_STORED}
     */
    public CompletableFuture<StoreStatus> replace(String key, byte[] value, int flags, long exptime) {
        return store("replace", key, value, flags, exptime);
    }

    /**
     * {@code append}: adds data after an existing value.
     *
     * @param key the key
     * @param data the bytes; copied
     * @return {@link StoreStatus#STORED} or {@link StoreStatus#NOT_STORED}
     */
    public CompletableFuture<StoreStatus> append(String key, byte[] data) {
        return store("append", key, data, 0, 0);
    }

    /**
     * {@code prepend}: adds data before an existing value.
     *
     * @param key the key
     * @param data the bytes; copied
     * @return {@link StoreStatus#STORED} or {@link StoreStatus#NOT_STORED}
     */
    public CompletableFuture<StoreStatus> prepend(String key, byte[] data) {
        return store("prepend", key, data, 0, 0);
    }

    /**
     * {@code cas}: stores only if the item is unchanged since {@code casUnique} was read with {@link #gets}.
     *
     * @param key the key
     * @param value the data; copied
     * @param flags client flags
     * @param exptime expiration time
     * @param casUnique the cas unique read
     * @return {@link StoreStatus#STORED}, {@link StoreStatus#EXISTS} or {@link StoreStatus#NOT_FOUND}
     */
    public CompletableFuture<StoreStatus> cas(String key, byte[] value, int flags, long exptime, long casUnique) {
        Request r = Request.action("cas", key(key), Integer.toUnsignedString(flags),
                Long.toString(exptime), Integer.toString(value.length), Long.toUnsignedString(casUnique))
                .withBody(Body.of(value));
        return session.sendMapped(r, MemcachedClient::storeStatus);
    }

    /**
     * {@code delete <key>}.
     *
     * @param key the key
     * @return {@code true} if deleted, {@code false} if there was no such item
     */
    public CompletableFuture<Boolean> delete(String key) {
        return session.sendMapped(Request.action("delete", key(key)), r -> "DELETED".equals(r.arg(0)));
    }

    /**
     * {@code incr <key> <delta>}: 64-bit unsigned, wrapping.
     *
     * @param key the key
     * @param delta the amount, unsigned
     * @return the new value (unsigned), or empty if there is no such item
     */
    public CompletableFuture<OptionalLong> incr(String key, long delta) {
        return delta("incr", key, delta);
    }

    /**
     * {@code decr <key> <delta>}: stops at 0.
     *
     * @param key the key
     * @param delta the amount, unsigned
     * @return the new value (unsigned), or empty if there is no such item
     */
    public CompletableFuture<OptionalLong> decr(String key, long delta) {
        return delta("decr", key, delta);
    }

    /**
     * {@code touch <key> <exptime>}.
     *
     * @param key the key
     * @param exptime the new expiration time
     * @return {@code true} if touched, {@code false} if there was no such item
     */
    public CompletableFuture<Boolean> touch(String key, long exptime) {
        return session.sendMapped(Request.action("touch", key(key), Long.toString(exptime)),
                r -> "TOUCHED".equals(r.arg(0)));
    }

    /**
     * {@code flush_all}: invalidates every item now.
     *
     * @return completes when the server said {@code OK}
     */
    public CompletableFuture<Void> flushAll() {
        return session.sendMapped(Request.action("flush_all"), r -> null);
    }

    /**
     * {@code flush_all <delay>}.
     *
     * @param delay seconds from now (or a Unix time beyond 30 days)
     * @return completes when the server said {@code OK}
     */
    public CompletableFuture<Void> flushAll(long delay) {
        return session.sendMapped(Request.action("flush_all", Long.toString(delay)), r -> null);
    }

    /**
     * {@code version}.
     *
     * @return the server's version string
     */
    public CompletableFuture<String> version() {
        return session.sendMapped(Request.query("version"), r -> r.args().size() > 1 ? r.arg(1) : "");
    }

    /**
     * {@code stats}: the general statistics.
     *
     * @return name to value, in the server's order
     */
    @SuppressWarnings("unchecked")
    public CompletableFuture<Map<String, String>> stats() {
        return session.sendMapped(Request.query("stats"), r -> r.attachment() instanceof Map
                ? (Map<String, String>) r.attachment() : Map.of());
    }

    /**
     * {@code mg <key> <flags>*}: a meta get. A miss is {@link MetaStatus#MISS}; a hit is {@link MetaStatus#VALUE}
     * with {@link MetaGet#value()}, else {@link MetaStatus#OK}. With touch, vivify or recache the request may change
     * the item and is sent as an action (not retried after it may have run).
     *
     * @param key the key, one char per byte; sent base64-encoded ({@code b}) when memcached would refuse it as is
     * @param options what to return and do
     * @return the result, with the key ({@code k}) as given
     */
    public CompletableFuture<MetaResult> metaGet(String key, MetaGet options) {
        List<String> args = metaKey(key);
        args.add("k");
        args.addAll(options.tokens());
        return meta(Request.of(options.mutates() ? Request.Kind.ACTION : Request.Kind.QUERY, "mg", args));
    }

    /**
     * Meta gets of many keys in one quiet batch: {@code mg <key> <flags>* k q O<n>} for each key, then {@code mn}.
     * Misses are not answered at all ({@code q}), each hit carries its opaque token, and the {@code MN} ends the
     * batch, so a miss costs no reply line and the batch one round trip.
     *
     * @param keys the keys, one char per byte; base64-encoded when needed
     * @param options what to return, as for {@link #metaGet}
     * @return the hits (and what the options made of a miss, such as a vivified {@code EN W}) by key, in the order
     *         of {@code keys}; a key given twice appears once
     */
    public CompletableFuture<Map<String, MetaResult>> metaGetAll(Collection<String> keys, MetaGet options) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("keys: none (expected: at least one)");
        }
        List<String> ordered = List.copyOf(keys);
        List<String> lines = new ArrayList<>(ordered.size());
        List<String> flags = options.tokens();
        for (int i = 0; i < ordered.size(); i++) {
            List<String> tokens = metaKey(ordered.get(i));
            tokens.add(0, "mg");
            tokens.add("k");
            tokens.addAll(flags);
            tokens.add("q");
            tokens.add("O" + i);
            lines.add(String.join(" ", tokens));
        }
        Request batch = Request.of(options.mutates() ? Request.Kind.ACTION : Request.Kind.QUERY, "mn", lines);
        return session.sendMapped(batch, r -> byOpaque(r, ordered));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, MetaResult> byOpaque(Reply reply, List<String> keys) {
        if (!(reply.attachment() instanceof List)) {
            throw new dev.parley.codec.text.ParleyProtocolException("not a quiet batch reply: " + reply);
        }
        MetaResult[] byIndex = new MetaResult[keys.size()];
        for (MetaResult r : (List<MetaResult>) reply.attachment()) {
            int i = opaqueIndex(r.opaque(), keys.size());
            if (i < 0) {
                throw new dev.parley.codec.text.ParleyProtocolException("quiet batch reply with opaque "
                        + r.opaque() + " (expected: O0 to O" + (keys.size() - 1) + ")");
            }
            byIndex[i] = r;
        }
        Map<String, MetaResult> hits = new LinkedHashMap<>();
        for (int i = 0; i < byIndex.length; i++) {
            if (byIndex[i] != null) {
                hits.putIfAbsent(keys.get(i), byIndex[i]);
            }
        }
        return hits;
    }

    private static int opaqueIndex(String opaque, int count) {
        if (opaque == null || opaque.isEmpty() || opaque.length() > 9) {
            return -1;
        }
        int i = 0;
        for (int k = 0; k < opaque.length(); k++) {
            char c = opaque.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            i = i * 10 + (c - '0');
        }
        return i < count ? i : -1;
    }

    /**
     * {@code ms <key> <datalen> <flags>*}: a meta set.
     *
     * @param key the key, one char per byte; base64-encoded when needed
     * @param value the data; copied
     * @param options mode, ttl, flags, compare-cas, invalidate
     * @return {@link MetaStatus#OK}, {@link MetaStatus#NOT_STORED}, {@link MetaStatus#EXISTS} or
     *         {@link MetaStatus#NOT_FOUND}, with the cas unique when asked
     */
    public CompletableFuture<MetaResult> metaSet(String key, byte[] value, MetaSet options) {
        Objects.requireNonNull(value, "value");
        List<String> args = metaKey(key);
        args.add(1, Integer.toString(value.length));
        args.addAll(options.tokens());
        return meta(Request.of(Request.Kind.ACTION, "ms", args).withBody(Body.of(value)));
    }

    /**
     * {@code md <key> <flags>*}: a meta delete.
     *
     * @param key the key, one char per byte; base64-encoded when needed
     * @param options compare-cas, invalidate
     * @return {@link MetaStatus#OK}, {@link MetaStatus#NOT_FOUND} or {@link MetaStatus#EXISTS}
     */
    public CompletableFuture<MetaResult> metaDelete(String key, MetaDelete options) {
        List<String> args = metaKey(key);
        args.addAll(options.tokens());
        return meta(Request.of(Request.Kind.ACTION, "md", args));
    }

    /**
     * {@code ma <key> <flags>*}: meta arithmetic, returning the new value ({@link MetaResult#valueAsLong()}).
     *
     * @param key the key, one char per byte; base64-encoded when needed
     * @param options incr or decr, delta, auto-create
     * @return {@link MetaStatus#VALUE}, or {@link MetaStatus#NOT_FOUND} (no counter, no auto-create); a value that
     *         is not a number fails with {@code CLIENT_ERROR}
     */
    public CompletableFuture<MetaResult> metaArithmetic(String key, MetaArithmetic options) {
        List<String> args = metaKey(key);
        args.addAll(options.tokens());
        return meta(Request.of(Request.Kind.ACTION, "ma", args));
    }

    /**
     * {@code mn}.
     *
     * @return {@link MetaStatus#NOOP}
     */
    public CompletableFuture<MetaResult> metaNoop() {
        return meta(Request.query("mn"));
    }

    private CompletableFuture<MetaResult> meta(Request request) {
        return session.sendMapped(request, r -> {
            if (!(r.attachment() instanceof MetaResult)) {
                throw new dev.parley.codec.text.ParleyProtocolException("not a meta reply: "
                        + String.join(" ", r.args()));
            }
            return (MetaResult) r.attachment();
        });
    }

    /**
     * The key as the first meta argument: as is when memcached takes it, else base64 of its bytes and {@code b}.
     *
     * @param key the key, one char per byte (ISO-8859-1)
     * @return a mutable list holding the key token (and {@code b})
     */
    static List<String> metaKey(String key) {
        Objects.requireNonNull(key, "key");
        List<String> args = new ArrayList<>(10);
        if (Keys.isValid(key)) {
            args.add(key);
            return args;
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key: empty");
        }
        byte[] bytes = new byte[key.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = key.charAt(i);
            if (c > 0xFF) {
                throw new IllegalArgumentException("key: char " + (int) c + " at " + i + " (expected: one per byte)");
            }
            bytes[i] = (byte) c;
        }
        String encoded = java.util.Base64.getEncoder().encodeToString(bytes);
        if (encoded.length() > Keys.MAX_LENGTH) {
            throw new IllegalArgumentException("key: " + bytes.length + " bytes, " + encoded.length()
                    + " in base64 (expected: at most " + Keys.MAX_LENGTH + ")");
        }
        args.add(encoded);
        args.add("b");
        return args;
    }

    /** Closes the session (and the {@link ParleyClient} when this client created it). */
    @Override
    public void close() {
        session.close();
        if (ownedClient != null) {
            ownedClient.close();
        }
    }

    private CompletableFuture<Reply> retrieve(String verb, Collection<String> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("keys: none (expected: at least one)");
        }
        String[] args = new String[keys.size()];
        int i = 0;
        for (String key : keys) {
            args[i++] = key(key);
        }
        return session.send(Request.query(verb, args));
    }

    /**
     * Checks a key as {@link Keys#validate} does (1-250 chars, each above space, not DEL, at most 0xFF), in one
     * loop; {@link Keys#validate} only words the exception.
     *
     * @param key the key
     * @return the key
     */
    static String key(String key) {
        Objects.requireNonNull(key, "key");
        int n = key.length();
        if (n < 1 || n > Keys.MAX_LENGTH) {
            return Keys.validate(key);
        }
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c == 0x7F || c > 0xFF) {
                return Keys.validate(key);
            }
        }
        return key;
    }

    private CompletableFuture<StoreStatus> store(String verb, String key, byte[] value, int flags, long exptime) {
        Objects.requireNonNull(value, "value");
        Request r = Request.action(verb, key(key), Integer.toUnsignedString(flags), Long.toString(exptime),
                Integer.toString(value.length)).withBody(Body.of(value));
        return session.sendMapped(r, MemcachedClient::storeStatus);
    }

    private CompletableFuture<OptionalLong> delta(String verb, String key, long delta) {
        return session.sendMapped(Request.action(verb, key(key), Long.toUnsignedString(delta)),
                r -> "NOT_FOUND".equals(r.arg(0)) ? OptionalLong.empty()
                        : OptionalLong.of(Long.parseUnsignedLong(r.arg(0).trim())));
    }

    private static StoreStatus storeStatus(Reply r) {
        return StoreStatus.valueOf(r.arg(0));
    }

    @SuppressWarnings("unchecked")
    private static List<MemcachedValue> values(Reply r) {
        return r.attachment() instanceof List ? (List<MemcachedValue>) r.attachment() : List.of();
    }

    private static MemcachedValue first(Reply r) {
        List<MemcachedValue> v = values(r);
        return v.isEmpty() ? null : v.get(0);
    }

    private static Map<String, MemcachedValue> byKey(Reply r) {
        Map<String, MemcachedValue> m = new LinkedHashMap<>();
        for (MemcachedValue v : values(r)) {
            m.putIfAbsent(v.key(), v);
        }
        return m;
    }
}
