package dev.parley.memcached;

import dev.parley.memcached.store.ManualClock;
import dev.parley.testkit.peer.LineConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;

/** Starts a memcached server on 127.0.0.1, port 0, with a manual clock for each test and stops it after. */
abstract class ServerTestSupport {

    final ManualClock clock = new ManualClock();
    RunningMemcachedServer server;
    LineConnection conn;

    MemcachedServer.Builder options() {
        return MemcachedServer.builder().server(s -> s.port(0).ioThreads(1)).clock(clock);
    }

    @BeforeEach
    void startServer() throws Exception {
        server = options().build().start();
        conn = connect();
    }

    @AfterEach
    void stopServer() throws IOException {
        if (conn != null) {
            conn.close();
        }
        if (server != null) {
            server.close();
        }
    }

    LineConnection connect() throws IOException {
        return LineConnection.connect(server.port());
    }

    /** Sends the request and asserts the exact reply bytes. */
    void expect(String request, String reply) throws IOException {
        org.junit.jupiter.api.Assertions.assertEquals(reply, conn.exchange(request, reply), request);
    }
}
