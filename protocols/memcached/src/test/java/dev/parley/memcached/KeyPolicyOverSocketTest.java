package dev.parley.memcached;

import dev.parley.memcached.store.KeyPolicy;
import dev.parley.memcached.store.StoreCounter;
import dev.parley.testkit.peer.LineConnection;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The key policy over a real socket, with a key shaped like memcaslap's: eight 0x10 bytes, then text. */
class KeyPolicyOverSocketTest {

    private static final String KEY = "\u0010".repeat(8) + "key42";

    @Test
    void strictServerAnswersBadCommandLineFormatToControlBytes() throws Exception {
        try (RunningMemcachedServer server = start(KeyPolicy.STRICT);
             LineConnection conn = LineConnection.connect(server.port())) {
            expect(conn, "set " + KEY + " 0 0 2\r\nhi\r\n", "CLIENT_ERROR bad command line format\r\n");
            expect(conn, "get " + KEY + "\r\n", "CLIENT_ERROR bad command line format\r\n");
            expect(conn, "delete " + KEY + "\r\n", "CLIENT_ERROR bad command line format\r\n");
            // The data block was consumed: the connection is still in sync.
            expect(conn, "set plain 0 0 2\r\nok\r\n", "STORED\r\n");
            assertEquals(1, server.store().stats().get(StoreCounter.CMD_SET));
        }
    }

    @Test
    void lenientServerStoresAndReturnsControlByteKeys() throws Exception {
        try (RunningMemcachedServer server = start(KeyPolicy.MEMCACHED_COMPATIBLE);
             LineConnection conn = LineConnection.connect(server.port())) {
            expect(conn, "set " + KEY + " 3 0 2\r\nhi\r\n", "STORED\r\n");
            expect(conn, "get " + KEY + "\r\n", "VALUE " + KEY + " 3 2\r\nhi\r\nEND\r\n");
            expect(conn, "get a " + KEY + "\r\n", "VALUE " + KEY + " 3 2\r\nhi\r\nEND\r\n");
            expect(conn, "delete " + KEY + "\r\n", "DELETED\r\n");
            expect(conn, "get " + "k".repeat(251) + "\r\n", "CLIENT_ERROR bad command line format\r\n");
            expect(conn, "get " + "\u0010".repeat(250) + "\r\n", "END\r\n");
        }
    }

    private static RunningMemcachedServer start(KeyPolicy policy) throws InterruptedException {
        return MemcachedServer.builder().server(s -> s.port(0).ioThreads(1)).keyPolicy(policy).build().start();
    }

    private static void expect(LineConnection conn, String request, String reply) throws IOException {
        assertEquals(reply, conn.exchange(request, reply), request);
    }
}
