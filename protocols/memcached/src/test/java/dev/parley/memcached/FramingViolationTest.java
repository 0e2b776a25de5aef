package dev.parley.memcached;

import dev.parley.testkit.peer.LineConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code <bytes>} token of a storage command decides where the command's data ends. memcached 1.6 answers a
 * malformed one {@code CLIENT_ERROR bad command line format} and reads the data the client sent as commands; this
 * server answers the same words once and closes, so those bytes never run. Where the count is valid but another
 * field is not, it answers as memcached does and skips the data, instead of running it.
 */
class FramingViolationTest extends ServerTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "+5", "1e3", "0x10", "99999999999999999999", "1234567890123456789",
            "999999999999", "2147483646"})
    void malformedByteCountIsClientErrorOnceThenTheConnectionCloses(String count) throws IOException {
        expect("set a 0 0 1\r\nx\r\n", "STORED\r\n");
        // In one write: the data the client meant as the value is a command that would empty the cache.
        conn.send("set k 0 0 " + count + "\r\nflush_all\r\nset b 0 0 1\r\ny\r\n");

        assertEquals("CLIENT_ERROR bad command line format\r\n",
                conn.readLike("CLIENT_ERROR bad command line format\r\n"));
        assertTrue(conn.closedByPeer(), "the server closes after the violation");
        try (LineConnection other = connect()) {
            assertEquals("VALUE a 0 1\r\nx\r\nEND\r\n", other.exchange("get a b k\r\n", "VALUE a 0 1\r\nx\r\nEND\r\n"));
        }
    }

    @Test
    void onlyRetrievalLinesMayBeLongerThanAnOrdinaryCommandLine() throws IOException {
        expect("set a 0 0 1\r\nx\r\n", "STORED\r\n");
        // A command line of 100 KiB that is not a retrieval: refused at 64 KiB, the connection goes on.
        String longDelete = "delete " + "k".repeat(100 * 1024);
        expect(longDelete + "\r\nget a\r\n", "CLIENT_ERROR line too long\r\nVALUE a 0 1\r\nx\r\nEND\r\n");
        // A get of 10,000 keys (about 160 KB) is served, as memcached serves it.
        StringBuilder get = new StringBuilder("get");
        for (int i = 0; i < 10_000; i++) {
            get.append(" key:").append(String.format("%010d", i));
        }
        expect(get + " a\r\n", "VALUE a 0 1\r\nx\r\nEND\r\n");
    }

    @Test
    void valueLineWithAMalformedCountIsNotReadAsAnAnnouncementOnTheServer() throws IOException {
        // Only storage verbs announce data: an unknown verb is ERROR, as in memcached.
        expect("VALUE k 0 -1\r\n", "ERROR\r\n");
    }

    @Test
    void validCountWithBadFlagsOrExptimeIsAnsweredAndTheDataSkipped() throws IOException {
        expect("set a 0 0 1\r\nx\r\n", "STORED\r\n");
        expect("set k abc 0 9\r\nflush_all\r\n", "CLIENT_ERROR bad command line format\r\n");
        expect("set k 0 abc 9\r\nflush_all\r\n", "CLIENT_ERROR bad command line format\r\n");
        expect("set k 4294967296x 0 9\r\nflush_all\r\n", "CLIENT_ERROR bad command line format\r\n");
        expect("cas k 0 0 9 abc\r\nflush_all\r\n", "CLIENT_ERROR bad command line format\r\n");
        expect("get a\r\n", "VALUE a 0 1\r\nx\r\nEND\r\n");
    }

    @Test
    void validCountOnALineWithTheWrongNumberOfTokensIsErrorAndTheDataSkipped() throws IOException {
        expect("set a 0 0 1\r\nx\r\n", "STORED\r\n");
        expect("cas k 0 0 9\r\nflush_all\r\n", "ERROR\r\n");
        expect("set k 0 0 9 noreply extra\r\nflush_all\r\n", "ERROR\r\n");
        expect("get a k\r\n", "VALUE a 0 1\r\nx\r\nEND\r\n");
    }

    @Test
    void countOverTheItemLimitButWithinWhatMemcachedSkipsIsStillSkipped() throws IOException {
        int big = MemcachedServer.DEFAULT_MAX_ITEM_SIZE + 1;
        conn.send("set big 0 0 " + big + "\r\n").send(new byte[big]);
        expect("\r\nget big\r\n", "SERVER_ERROR object too large for cache\r\nEND\r\n");
    }
}
