package dev.parley.memcached;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command and every error reply over a real socket, byte for byte as memcached 1.6 sends them. */
class CommandRepliesTest extends ServerTestSupport {

    private static final String LONG_KEY = "k".repeat(251);

    @Test
    void setThenGetAndGets() throws IOException {
        expect("set a 5 0 3\r\nabc\r\n", "STORED\r\n");
        expect("get a\r\n", "VALUE a 5 3\r\nabc\r\nEND\r\n");
        String gets = conn.exchange("gets a\r\n", "VALUE a 5 3 1\r\nabc\r\nEND\r\n");
        assertTrue(gets.matches("VALUE a 5 3 \\d\r\nabc\r\nEND\r\n"), gets);
        expect("get missing\r\n", "END\r\n");
    }

    @Test
    void addReplaceAppendPrepend() throws IOException {
        expect("add a 0 0 1\r\nx\r\n", "STORED\r\n");
        expect("add a 0 0 1\r\ny\r\n", "NOT_STORED\r\n");
        expect("replace q 0 0 1\r\nz\r\n", "NOT_STORED\r\n");
        expect("replace a 7 0 1\r\nz\r\n", "STORED\r\n");
        expect("append a 0 0 2\r\n>>\r\n", "STORED\r\n");
        expect("prepend a 0 0 2\r\n<<\r\n", "STORED\r\n");
        expect("append q 0 0 1\r\nz\r\n", "NOT_STORED\r\n");
        expect("prepend q 0 0 1\r\nz\r\n", "NOT_STORED\r\n");
        expect("get a\r\n", "VALUE a 7 5\r\n<<z>>\r\nEND\r\n");
    }

    @Test
    void casStoresOnlyUnchangedItems() throws IOException {
        expect("set a 0 0 1\r\nx\r\n", "STORED\r\n");
        String gets = conn.exchange("gets a\r\n", "VALUE a 0 1 1\r\nx\r\nEND\r\n");
        String cas = gets.split("\r\n")[0].split(" ")[4];
        expect("cas a 0 0 1 " + cas + "\r\ny\r\n", "STORED\r\n");
        expect("cas a 0 0 1 " + cas + "\r\nz\r\n", "EXISTS\r\n");
        expect("cas q 0 0 1 1\r\nz\r\n", "NOT_FOUND\r\n");
        expect("get a\r\n", "VALUE a 0 1\r\ny\r\nEND\r\n");
    }

    @Test
    void deleteTouchGatAndGats() throws IOException {
        expect("set a 0 0 1\r\nx\r\n", "STORED\r\n");
        expect("touch a 100\r\n", "TOUCHED\r\n");
        expect("touch q 100\r\n", "NOT_FOUND\r\n");
        expect("gat 100 a q\r\n", "VALUE a 0 1\r\nx\r\nEND\r\n");
        assertTrue(conn.exchange("gats 0 a\r\n", "VALUE a 0 1 1\r\nx\r\nEND\r\n").startsWith("VALUE a 0 1 "));
        expect("gat 0\r\n", "END\r\n");
        expect("delete a 0\r\n", "DELETED\r\n");
        expect("delete a\r\n", "NOT_FOUND\r\n");
    }

    @Test
    void flushAllVersionVerbosity() throws IOException {
        expect("set a 0 0 1\r\nx\r\n", "STORED\r\n");
        expect("flush_all\r\n", "OK\r\n");
        expect("get a\r\n", "END\r\n");
        expect("flush_all 0\r\n", "OK\r\n");
        expect("version\r\n", "VERSION " + MemcachedServer.VERSION + "\r\n");
        expect("verbosity 1\r\n", "OK\r\n");
    }

    @Test
    void errorRepliesAreMemcachedsWords() throws IOException {
        expect("delete\r\n", "ERROR\r\n");
        expect("get\r\n", "ERROR\r\n");
        expect("incr\r\n", "ERROR\r\n");
        expect("touch a\r\n", "ERROR\r\n");
        expect("gat\r\n", "ERROR\r\n");
        expect("verbosity\r\n", "ERROR\r\n");
        expect("GET a\r\n", "ERROR\r\n");
        expect("\r\n", "ERROR\r\n");
        expect("bogus\r\n", "ERROR\r\n");
        expect("stats bogus\r\n", "ERROR\r\n");
        expect("get " + LONG_KEY + "\r\n", "CLIENT_ERROR bad command line format\r\n");
        expect("set " + LONG_KEY + " 0 0 1\r\nx\r\n", "CLIENT_ERROR bad command line format\r\n");
        expect("set a 0 0 3\r\nabcd\r\n", "CLIENT_ERROR bad data chunk\r\nERROR\r\n");
        // memcached would also read the data "x" as a command (ERROR); the count is valid, so it is skipped here.
        expect("set k abc 0 1\r\nx\r\n", "CLIENT_ERROR bad command line format\r\n");
        expect("cas k 0 0 1\r\nx\r\n", "ERROR\r\n");
        expect("cas k 0 0 1 abc\r\nx\r\n", "CLIENT_ERROR bad command line format\r\n");
        expect("incr n abc\r\n", "CLIENT_ERROR invalid numeric delta argument\r\n");
        expect("incr n -1\r\n", "CLIENT_ERROR invalid numeric delta argument\r\n");
        expect("incr n 18446744073709551616\r\n", "CLIENT_ERROR invalid numeric delta argument\r\n");
        expect("touch a abc\r\n", "CLIENT_ERROR invalid exptime argument\r\n");
        expect("gat abc a\r\n", "CLIENT_ERROR invalid exptime argument\r\n");
        expect("flush_all abc\r\n", "CLIENT_ERROR invalid exptime argument\r\n");
        expect("delete a 1\r\n", "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n");
        expect("set s 0 0 2\r\nhi\r\nincr s 1\r\n",
                "STORED\r\nCLIENT_ERROR cannot increment or decrement non-numeric value\r\n");
        expect("get s\r\n", "VALUE s 0 2\r\nhi\r\nEND\r\n");
    }

    @Test
    void tooLargeItemIsRefusedAndItsDataSkipped() throws IOException {
        byte[] big = new byte[MemcachedServer.DEFAULT_MAX_ITEM_SIZE + 1];
        conn.send("set big 0 0 " + big.length + "\r\n").send(big);
        expect("\r\nget big\r\n", "SERVER_ERROR object too large for cache\r\nEND\r\n");
        int justOver = MemcachedServer.DEFAULT_MAX_ITEM_SIZE - 40;
        conn.send("set big 0 0 " + justOver + "\r\n").send(new byte[justOver]);
        expect("\r\n", "SERVER_ERROR object too large for cache\r\n");
    }

    @Test
    void noreplyWritesNothing() throws IOException {
        conn.send("set a 0 0 1 noreply\r\n1\r\nadd a 0 0 1 noreply\r\n2\r\nreplace a 0 0 1 noreply\r\n3\r\n"
                + "append a 0 0 1 noreply\r\n0\r\nprepend a 0 0 1 noreply\r\n1\r\nincr a 5 noreply\r\n"
                + "decr a 1 noreply\r\ntouch a 0 noreply\r\ndelete zz noreply\r\nverbosity 1 noreply\r\n"
                + "cas a 0 0 1 999 noreply\r\n9\r\n");
        expect("get a\r\n", "VALUE a 0 3\r\n134\r\nEND\r\n");
        expect("delete a noreply\r\nflush_all noreply\r\nflush_all 10 noreply\r\nget a\r\n", "END\r\n");
    }

    @Test
    void extraTokenThatIsNotNoreplyStillReplies() throws IOException {
        expect("set a 0 0 1 foo\r\nx\r\n", "STORED\r\n");
    }

    @Test
    void incrDecrEdgeCases() throws IOException {
        expect("set n 0 0 20\r\n18446744073709551615\r\n", "STORED\r\n");
        expect("incr n 2\r\n", "1\r\n");
        expect("decr n 5\r\n", "0\r\n");
        expect("incr n 18446744073709551615\r\n", "18446744073709551615\r\n");
        expect("set m 0 0 2\r\n10\r\n", "STORED\r\n");
        expect("decr m 1\r\n", "9\r\n");
        expect("incr m 0\r\n", "9\r\n");
        expect("incr missing 1\r\n", "NOT_FOUND\r\n");
        expect("decr missing 1\r\n", "NOT_FOUND\r\n");
    }

    @Test
    void quitClosesSilently() throws IOException {
        conn.send("quit\r\n");
        assertTrue(conn.closedByPeer());
    }

    @Test
    void statsListsTheGeneralCounters() throws IOException {
        expect("set a 0 0 1\r\nx\r\nget a\r\nget b\r\n", "STORED\r\nVALUE a 0 1\r\nx\r\nEND\r\nEND\r\n");
        String stats = conn.send("stats\r\n").readUntil("END\r\n");
        for (String s : new String[] {"STAT pid ", "STAT uptime ", "STAT version " + MemcachedServer.VERSION,
                "STAT curr_connections 1\r\n", "STAT cmd_get 2\r\n", "STAT get_hits 1\r\n",
                "STAT get_misses 1\r\n", "STAT curr_items 1\r\n", "STAT limit_maxbytes 67108864\r\n",
                // from the server options: ServerTestSupport sets ioThreads(1), the limits stay memcached's
                "STAT threads 1\r\n", "STAT max_connections 1024\r\n"}) {
            assertTrue(stats.contains(s), s + " in " + stats);
        }
        assertEquals(0, stats.split("\r\n").length - stats.replace("\r\n", "\n").split("\n").length);
    }
}
