package dev.parley.memcached;

import dev.parley.testkit.peer.LineConnection;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pipelined writes, multi-get, fragmented input, expiry with a manual clock, eviction, cas races, max connections. */
class PipeliningAndStateTest extends ServerTestSupport {

    @Override
    MemcachedServer.Builder options() {
        return super.options().memoryLimit(64 * 1024).maxItemSize(8 * 1024)
                .server(s -> s.limits(l -> l.maxConnections(8)));
    }

    @Test
    void pipelinedMixtureInOneWriteIsAnsweredInOrder() throws IOException {
        StringBuilder req = new StringBuilder();
        StringBuilder reply = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            req.append("set k").append(i).append(" 0 0 2\r\nv").append(i % 10).append("\r\nget k").append(i)
                    .append("\r\nget nope\r\n");
            reply.append("STORED\r\nVALUE k").append(i).append(" 0 2\r\nv").append(i % 10)
                    .append("\r\nEND\r\nEND\r\n");
        }
        expect(req.toString(), reply.toString());
    }

    @Test
    void multiGetOfHundredKeys() throws IOException {
        StringBuilder sets = new StringBuilder();
        StringBuilder get = new StringBuilder("get");
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            if (i % 2 == 0) {
                sets.append("set key").append(i).append(" ").append(i).append(" 0 3\r\n").append(100 + i)
                        .append("\r\n");
                values.append("VALUE key").append(i).append(' ').append(i).append(" 3\r\n").append(100 + i)
                        .append("\r\n");
            }
            get.append(" key").append(i);
        }
        conn.send(sets.toString()).readLike("STORED\r\n".repeat(50));
        expect(get + "\r\n", values + "END\r\n");
    }

    @Test
    void inputFragmentedAtEverySplitPointGivesTheSameReplies() throws IOException {
        String script = "set a 1 0 5\r\nhello\r\nget a b\r\nappend a 0 0 1 noreply\r\n!\r\nincr n 1\r\ngets a\r\n";
        String reply = "STORED\r\nVALUE a 1 5\r\nhello\r\nEND\r\nNOT_FOUND\r\nVALUE a 1 6 ";
        for (int split = 1; split < script.length(); split++) {
            try (LineConnection c = connect()) {
                c.send("flush_all\r\n").readLike("OK\r\n");
                c.send(script.substring(0, split));
                c.send(script.substring(split));
                String got = c.readUntil("\r\nhello!\r\nEND\r\n");
                assertTrue(got.startsWith(reply), "split at " + split + ": " + got);
            } catch (IOException e) {
                throw new IOException("split at " + split, e);
            }
        }
        try (LineConnection c = connect()) {
            c.send("flush_all\r\n").readLike("OK\r\n");
            for (byte b : script.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)) {
                c.send(new byte[] {b});
            }
            String got = c.readUntil("\r\nhello!\r\nEND\r\n");
            assertTrue(got.startsWith(reply), got);
        }
    }

    @Test
    void expiryFollowsTheStoreClock() throws IOException {
        expect("set a 0 10 1\r\nx\r\nset b 0 " + (clock.unixSeconds() + 100) + " 1\r\ny\r\nset c 0 -1 1\r\nz\r\n",
                "STORED\r\nSTORED\r\nSTORED\r\n");
        expect("get a b c\r\n", "VALUE a 0 1\r\nx\r\nVALUE b 0 1\r\ny\r\nEND\r\n");
        clock.advanceSeconds(10);
        expect("get a b\r\n", "VALUE b 0 1\r\ny\r\nEND\r\n");
        expect("touch b 5\r\n", "TOUCHED\r\n");
        clock.advanceSeconds(5);
        expect("get b\r\n", "END\r\n");
        expect("set d 0 0 1\r\nd\r\nflush_all 30\r\nget d\r\n", "STORED\r\nOK\r\nVALUE d 0 1\r\nd\r\nEND\r\n");
        clock.advanceSeconds(30);
        expect("get d\r\n", "END\r\n");
    }

    @Test
    void leastRecentlyUsedItemsAreEvictedUnderTheMemoryLimit() throws IOException {
        byte[] value = new byte[1000];
        java.util.Arrays.fill(value, (byte) 'v');
        for (int i = 0; i < 200; i++) {
            conn.send("set item" + i + " 0 0 1000\r\n").send(value);
            expect("\r\n", "STORED\r\n");
            // Reading item0 after every store keeps it the most recently used.
            expect("touch item0 0\r\n", "TOUCHED\r\n");
        }
        expect("get item1\r\n", "END\r\n");
        assertTrue(conn.exchange("get item0\r\n", "VALUE item0 0 1000\r\n").startsWith("VALUE item0"));
        conn.readBytes(1000 + 2 + 5);
        assertTrue(conn.exchange("get item199\r\n", "VALUE item199 0 1000\r\n").startsWith("VALUE item199"));
        conn.readBytes(1000 + 2 + 5);
        String stats = conn.send("stats\r\n").readUntil("END\r\n");
        assertTrue(!stats.contains("STAT evictions 0\r\n") && stats.contains("STAT evictions "), stats);
    }

    @Test
    void concurrentCasLetsExactlyOneWriterWinPerRound() throws Exception {
        expect("set c 0 0 1\r\n0\r\n", "STORED\r\n");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 5; round++) {
                String gets;
                try (LineConnection c = connect()) {
                    gets = c.send("gets c\r\n").readUntil("END\r\n");
                }
                String cas = gets.split("\r\n")[0].split(" ")[4];
                List<Future<String>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int writer = t;
                    results.add(pool.submit(() -> {
                        try (LineConnection c = connect()) {
                            return c.send("cas c 0 0 1 " + cas + "\r\n" + writer + "\r\n").readUntil("\r\n");
                        }
                    }));
                }
                int stored = 0;
                for (Future<String> f : results) {
                    String r = f.get(5, TimeUnit.SECONDS);
                    assertTrue(r.equals("STORED\r\n") || r.equals("EXISTS\r\n"), r);
                    stored += r.equals("STORED\r\n") ? 1 : 0;
                }
                assertEquals(1, stored, "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void connectionsOverTheLimitAreRefusedLikeMemcached() throws IOException {
        List<LineConnection> open = new ArrayList<>();
        try {
            for (int i = 1; i < 8; i++) {
                LineConnection c = connect();
                open.add(c);
                c.exchange("version\r\n", "VERSION " + MemcachedServer.VERSION + "\r\n");
            }
            try (LineConnection extra = connect()) {
                assertEquals("ERROR Too many open connections\r\n",
                        extra.readLike("ERROR Too many open connections\r\n"));
                assertTrue(extra.closedByPeer());
            }
        } finally {
            for (LineConnection c : open) {
                c.close();
            }
        }
    }
}
