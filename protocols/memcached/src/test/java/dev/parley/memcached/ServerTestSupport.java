package dev.parley.memcached;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;

/** Starts a memcached server on 127.0.0.1, port 0, with a manual clock for each test and stops it after. */
abstract class ServerTestSupport {

    final ManualStoreClock clock = new ManualStoreClock();
    RunningMemcachedServer server;
    TextConnection conn;

    MemcachedServer.Builder options() {
        return MemcachedServer.builder().port(0).threads(1).clock(clock);
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

    TextConnection connect() throws IOException {
        return new TextConnection(server.port());
    }

    /** Sends the request and asserts the exact reply bytes. */
    void expect(String request, String reply) throws IOException {
        org.junit.jupiter.api.Assertions.assertEquals(reply, conn.exchange(request, reply), request);
    }
}
