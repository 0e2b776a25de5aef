package dev.parley.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exit statuses of {@code parley call} against peers that fail in each documented way. */
class ExitStatusTest {

    /** A one-connection peer on loopback that greets (or not) and then runs a script. */
    private static final class Peer implements AutoCloseable {
        final ServerSocket server;
        final Thread thread;

        Peer(String greeting, boolean answer) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> serve(greeting, answer), "test-peer");
            thread.setDaemon(true);
            thread.start();
        }

        /**
         * Serves one connection after another, as a real server would: a client that tries again (a request after
         * a refusal has an attempt of its own) meets the same peer, not a socket nobody reads.
         */
        private void serve(String greeting, boolean answer) {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    OutputStream out = s.getOutputStream();
                    out.write(greeting.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[1024];
                    while (in.read(buf) > 0) {
                        if (answer) {
                            out.write("ERR NOT_FOUND no such file: /nope\n".getBytes(StandardCharsets.UTF_8));
                            out.flush();
                        }
                    }
                } catch (IOException e) {
                    // The client went away (or the test closed the peer); the test asserts on the client's side.
                }
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException, InterruptedException {
            server.close();
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    @Test
    void usageErrorsExitWith64() {
        CliRun r = CliRun.run("call");
        assertEquals(ExitStatus.USAGE, r.status, r.toString());
        assertTrue(r.err.contains("Missing required parameter"), r.toString());
        assertEquals(ExitStatus.USAGE, CliRun.run("call", "--timeout", "soon", "localhost", "ping").status);
        assertEquals(ExitStatus.USAGE, CliRun.run("call", "localhost:99999", "ping").status);
        assertEquals(ExitStatus.USAGE, CliRun.run("frobnicate").status);
        CliRun badTransport = CliRun.run("memcached", "--port", "0", "--transport", "kqueue");
        assertEquals(ExitStatus.USAGE, badTransport.status, badTransport.toString());
        assertTrue(badTransport.err.contains("transport: kqueue (expected: auto, epoll, io_uring or nio)"),
                badTransport.toString());
        CliRun tooSmall = CliRun.run("memcached", "--port", "0", "--memory", "1m", "--max-item-size", "2m");
        assertEquals(ExitStatus.USAGE, tooSmall.status, tooSmall.toString());
        assertTrue(tooSmall.err.contains("maxItemSize"), tooSmall.toString());
    }

    @Test
    void everySubcommandHasHelp() {
        for (String sub : new String[] {"agent", "call", "shell", "push", "pull", "memcached"}) {
            CliRun r = CliRun.run(sub, "--help");
            assertEquals(ExitStatus.OK, r.status, r.toString());
            assertTrue(r.out.startsWith("Usage: parley " + sub), r.toString());
        }
    }

    @Test
    void nobodyListeningExitsWith69() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun r = CliRun.run("call", "--timeout", "2s", "127.0.0.1:" + port, "ping");
        assertEquals(ExitStatus.UNAVAILABLE, r.status, r.toString());
        assertTrue(r.err.contains("CONNECT_REFUSED"), r.toString());
    }

    @Test
    void errReplyExitsWith1AndShowsTheCode() throws Exception {
        try (Peer peer = new Peer("HELLO parley/1 agent\n", true)) {
            CliRun r = CliRun.run("call", "--timeout", "5s", "127.0.0.1:" + peer.port(), "stat", "/nope");
            assertEquals(ExitStatus.ERR_REPLY, r.status, r.toString());
            assertTrue(r.err.contains("ERR NOT_FOUND no such file: /nope"), r.toString());
            assertEquals("", r.out);
        }
    }

    @Test
    void silentPeerExitsWith75WithinTheDeadline() throws Exception {
        try (Peer peer = new Peer("HELLO parley/1 agent\n", false)) {
            long start = System.nanoTime();
            CliRun r = CliRun.run("call", "--timeout", "700ms", "127.0.0.1:" + peer.port(), "rm", "/x");
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(ExitStatus.TEMP_FAIL, r.status, r.toString());
            assertTrue(r.err.contains("TIMEOUT"), r.toString());
            assertTrue(tookMillis < 5000, "the call must end near its deadline, took " + tookMillis + " ms");
        }
    }

    @Test
    void peerSpeakingSomethingElseExitsWith76() throws Exception {
        try (Peer peer = new Peer("SSH-2.0-OpenSSH_9.2\r\n", false)) {
            CliRun r = CliRun.run("call", "--timeout", "3s", "--retries", "0", "127.0.0.1:" + peer.port(), "ping");
            assertEquals(ExitStatus.PROTOCOL, r.status, r.toString());
        }
    }
}
