package dev.parley.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small, deliberately misbehaving server for tests: a blocking {@link ServerSocket} on 127.0.0.1 that runs a
 * {@link Script} for each accepted connection on its own thread. Records every line it reads, so tests can count
 * how often a request reached the server. Closing it closes every connection it accepted.
 */
final class ScriptedPeer implements AutoCloseable {

    /** What the peer does with one connection. */
    @FunctionalInterface
    interface Script {
        /**
         * Plays the script.
         *
         * @param conn the accepted connection
         * @throws Exception ends the connection
         */
        void play(Conn conn) throws Exception;
    }

    private final ServerSocket server;
    private final Script script;
    private final Thread acceptor;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    /** Every line read, on every connection, in order. */
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final List<String> allLines = new CopyOnWriteArrayList<>();

    private ScriptedPeer(ServerSocket server, Script script) {
        this.server = server;
        this.script = script;
        this.acceptor = new Thread(this::acceptLoop, "scripted-peer-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a peer on an ephemeral port. */
    static ScriptedPeer start(Script script) throws IOException {
        return start(0, script);
    }

    /** Starts a peer on a given port (0 for an ephemeral one). */
    static ScriptedPeer start(int port, Script script) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new ScriptedPeer(s, script);
    }

    /** A peer that greets and answers every line with what {@code responder} returns (null: no answer). */
    static ScriptedPeer answering(java.util.function.Function<String, String> responder) throws IOException {
        return start(conn -> {
            conn.greet();
            String line;
            while ((line = conn.readLine()) != null) {
                String reply = responder.apply(line);
                if (reply != null) {
                    conn.write(reply + "\n");
                }
            }
        });
    }

    /** Returns a free loopback port that nothing listens on (connections are refused). */
    static int unusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    int port() {
        return server.getLocalPort();
    }

    /** Counts the lines read that start with a prefix. */
    long count(String prefix) {
        return allLines.stream().filter(l -> l.startsWith(prefix)).count();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(s);
            int n = connections.incrementAndGet();
            Thread t = new Thread(() -> {
                try (Conn c = new Conn(this, s, n)) {
                    script.play(c);
                } catch (Exception e) {
                    // The script ended the connection, or the client went away: both are part of the test.
                    lines.add("!" + e.getClass().getSimpleName());
                }
            }, "scripted-peer-conn-" + n);
            t.setDaemon(true);
            t.start();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One accepted connection, with blocking line I/O. */
    static final class Conn implements AutoCloseable {
        final ScriptedPeer peer;
        final Socket socket;
        /** The number of the connection, from 1. */
        final int number;
        private final InputStream in;
        private final OutputStream out;

        Conn(ScriptedPeer peer, Socket socket, int number) throws IOException {
            this.peer = peer;
            this.socket = socket;
            this.number = number;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** Sends the Parley greeting. */
        void greet() throws IOException {
            write("HELLO parley/1 test\n");
        }

        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Reads one line without its LF and records it; {@code null} at end of stream. */
        String readLine() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                b.write(c);
            }
            if (c == -1 && b.size() == 0) {
                return null;
            }
            String line = b.toString(StandardCharsets.UTF_8);
            peer.allLines.add(line);
            peer.lines.add(line);
            return line;
        }

        /** @return bytes that can be read without blocking */
        int available() throws IOException {
            return in.available();
        }

        /** Reads exactly n raw bytes. */
        byte[] readBytes(long n) throws IOException {
            return in.readNBytes((int) n);
        }

        /** Reads and discards everything until the client closes or the peer is closed. */
        void drainUntilClosed() throws IOException {
            try {
                while (readLine() != null) {
                    // a silent peer: reads, never answers
                }
            } catch (SocketTimeoutException e) {
                throw e;
            }
        }

        /** Resets the connection (RST) instead of closing it gracefully. */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
