package dev.parley.memcached.client;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable ketama consistent-hashing ring over a list of memcached servers: the placement that spymemcached's
 * {@code KetamaNodeLocator} computes with {@code DefaultHashAlgorithm.KETAMA_HASH} and its default node key format,
 * so a key lands on the same server as with spymemcached for the same server list.
 *
 * <p>Each server gets {@value #POINTS_PER_SERVER} points on a ring of unsigned 32-bit positions: the MD5 digest of
 * {@code "<node key>-<i>"} for {@code i} in {@code 0..39} gives four points, each four digest bytes read
 * little-endian. The node key is the address as {@link InetSocketAddress#toString()} prints it, less a leading
 * {@code '/'}: {@code 10.0.0.5:11211} for an address made from an IP literal, {@code cache1/10.0.0.5:11211} for one
 * made from a host name (which is part of the key, so give every client of a fleet the same spelling). A key's
 * position is the first four bytes of the MD5 of its UTF-8 bytes, read the same way; its server owns the first point
 * at or after that position, wrapping to the lowest point. Where two servers' points coincide, the server later in
 * the list owns it, as in spymemcached.
 *
 * <p>Removing a server from the list moves only the keys it owned: each goes to the next point, which another server
 * owns. {@link #serverIndex(String)} is a binary search over a primitive array and allocates nothing for keys of up
 * to {@value #MAX_INLINE_KEY} ASCII characters. Thread-safe.
 */
public final class KetamaRing {

    /** Points each server has on the ring, as in spymemcached and libmemcached. */
    public static final int POINTS_PER_SERVER = 160;
    /** Points taken from one MD5 digest. */
    public static final int POINTS_PER_DIGEST = 4;
    /** Longest key (in chars, ASCII only) hashed without allocating; memcached keys are at most 250 bytes. */
    public static final int MAX_INLINE_KEY = 250;

    private static final int INDEX_BITS = 20;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
    private static final ThreadLocal<KeyHasher> HASHER = ThreadLocal.withInitial(KeyHasher::new);

    private final List<InetSocketAddress> servers;
    private final long[] points;
    private final int[] owners;

    private KetamaRing(List<InetSocketAddress> servers, long[] points, int[] owners) {
        this.servers = servers;
        this.points = points;
        this.owners = owners;
    }

    /**
     * Builds the ring.
     *
     * @param servers the servers, at least one, no duplicates; order matters only where points coincide
     * @return the ring
     * @throws IllegalArgumentException if the list is empty, too long or has a duplicate
     */
    public static KetamaRing of(List<InetSocketAddress> servers) {
        List<InetSocketAddress> list = List.copyOf(servers);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("servers: none (expected: at least one)");
        }
        if (list.size() > INDEX_MASK) {
            throw new IllegalArgumentException("servers: " + list.size() + " (expected: <= " + INDEX_MASK + ")");
        }
        Set<InetSocketAddress> seen = new HashSet<>();
        for (InetSocketAddress a : list) {
            if (!seen.add(a)) {
                throw new IllegalArgumentException("servers: " + a + " is listed twice");
            }
        }
        // Each entry is (position << INDEX_BITS | server index): sorting orders by position, then list order.
        long[] entries = new long[list.size() * POINTS_PER_SERVER];
        int n = 0;
        MessageDigest md5 = md5();
        for (int s = 0; s < list.size(); s++) {
            String nodeKey = nodeKey(list.get(s));
            for (int i = 0; i < POINTS_PER_SERVER / POINTS_PER_DIGEST; i++) {
                byte[] d = md5.digest((nodeKey + "-" + i).getBytes(StandardCharsets.UTF_8));
                for (int h = 0; h < POINTS_PER_DIGEST; h++) {
                    entries[n++] = (littleEndianUnsigned(d, h * 4) << INDEX_BITS) | s;
                }
            }
        }
        Arrays.sort(entries);
        long[] points = new long[entries.length];
        int[] owners = new int[entries.length];
        int m = 0;
        for (long e : entries) {
            long position = e >>> INDEX_BITS;
            if (m > 0 && points[m - 1] == position) {
                m--; // a coinciding point: the server later in the list keeps it
            }
            points[m] = position;
            owners[m] = (int) (e & INDEX_MASK);
            m++;
        }
        return new KetamaRing(list, Arrays.copyOf(points, m), Arrays.copyOf(owners, m));
    }

    /**
     * The name a server's points are derived from: its {@link InetSocketAddress#toString()} without a leading
     * {@code '/'}.
     *
     * @param address the server
     * @return {@code ip:port} or {@code host/ip:port} (an unresolved address prints {@code host/<unresolved>:port})
     */
    public static String nodeKey(InetSocketAddress address) {
        String s = String.valueOf(Objects.requireNonNull(address, "address"));
        return s.startsWith("/") ? s.substring(1) : s;
    }

    /**
     * The ketama hash of a key.
     *
     * @param key the key
     * @return the first four bytes of the MD5 of its UTF-8 bytes, little-endian, unsigned: {@code 0..2^32-1}
     */
    public static long hash(String key) {
        return HASHER.get().hash(key);
    }

    /** @return the servers, in the order given */
    public List<InetSocketAddress> servers() {
        return servers;
    }

    /** @return the number of distinct points (normally {@value #POINTS_PER_SERVER} times the servers) */
    public int pointCount() {
        return points.length;
    }

    /**
     * Where a key goes.
     *
     * @param key the key
     * @return the index in {@link #servers()} of the server that owns it
     */
    public int serverIndex(String key) {
        return serverIndexForHash(hash(key));
    }

    /**
     * Where a position goes.
     *
     * @param hash a position, {@code 0..2^32-1}
     * @return the index in {@link #servers()} of the server owning the first point at or after it, wrapping
     */
    public int serverIndexForHash(long hash) {
        int i = Arrays.binarySearch(points, hash);
        if (i < 0) {
            i = -i - 1;
            if (i == points.length) {
                i = 0;
            }
        }
        return owners[i];
    }

    /**
     * Where a key goes.
     *
     * @param key the key
     * @return the server that owns it
     */
    public InetSocketAddress server(String key) {
        return servers.get(serverIndex(key));
    }

    @Override
    public String toString() {
        return "KetamaRing" + servers + " (" + points.length + " points)";
    }

    private static long littleEndianUnsigned(byte[] d, int off) {
        return ((long) (d[off + 3] & 0xFF) << 24) | ((d[off + 2] & 0xFF) << 16) | ((d[off + 1] & 0xFF) << 8)
                | (d[off] & 0xFF);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM (every Java SE platform has it)", e);
        }
    }

    /** One per thread: a digest and scratch buffers, so hashing an ASCII key allocates nothing. */
    private static final class KeyHasher {
        private final MessageDigest md5 = md5();
        private final byte[] in = new byte[MAX_INLINE_KEY];
        private final byte[] out = new byte[16];

        long hash(String key) {
            int len = key.length();
            boolean ascii = len <= in.length;
            for (int i = 0; ascii && i < len; i++) {
                char c = key.charAt(i);
                if (c >= 0x80) {
                    ascii = false;
                } else {
                    in[i] = (byte) c;
                }
            }
            if (ascii) {
                md5.update(in, 0, len);
            } else {
                md5.update(key.getBytes(StandardCharsets.UTF_8));
            }
            try {
                md5.digest(out, 0, out.length);
            } catch (DigestException e) {
                throw new IllegalStateException("MD5 digest into a 16-byte buffer", e);
            }
            return littleEndianUnsigned(out, 0);
        }
    }
}
