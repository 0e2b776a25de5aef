package dev.parley.testkit.peer;

import dev.parley.testkit.Await;
import dev.parley.testkit.peer.Transcript.Side;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback server that plays a {@link Script} on every connection it accepts, for testing a client against a
 * misbehaving peer. Listens on 127.0.0.1, port 0 unless told otherwise; every connection gets its own thread and
 * {@link Transcript}. Given several scripts, the first connection plays the first, the second the second, and so on;
 * the last one plays for every later connection.
 *
 * <pre>{@code
 * try (ScriptedServer server = ScriptedServer.start(
 *         Script.builder().sendLine("HELLO").expectLine("ping").reset().build(),
 *         Script.builder().sendLine("HELLO").expectLine("ping").sendLine("OK pong").drainUntilEof().build())) {
 *     // connect the client under test to server.address() ...
 *     server.awaitConnections(2, Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * {@link #close()} stops everything: the listener, every connection, every stalled script.
 */
public final class ScriptedServer implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Script> scripts;
    private final Thread acceptor;
    private final List<ScriptRun> runs = new CopyOnWriteArrayList<>();
    private final List<String> receivedLines = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;
    private volatile AssertionError acceptFailure;

    private ScriptedServer(ServerSocket listener, List<Script> scripts) {
        this.listener = listener;
        this.scripts = scripts;
        this.acceptor = new Thread(this::acceptLoop, "scripted-server-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a server on 127.0.0.1 and an ephemeral port.
     *
     * @param first the script for the first connection (and for all, when it is the only one)
     * @param then scripts for the second connection on; the last plays for every later connection
     * @return the running server
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static ScriptedServer start(Script first, Script... then) {
        return startOn(0, first, then);
    }

    /**
     * Starts a server on 127.0.0.1 and the given port, for a client that must find a server where there was none.
     *
     * @param port the port, 0 for an ephemeral one
     * @param first the script for the first connection
     * @param then scripts for the second connection on; the last plays for every later connection
     * @return the running server
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static ScriptedServer startOn(int port, Script first, Script... then) {
        List<Script> all = new ArrayList<>();
        all.add(first);
        all.addAll(List.of(then));
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return new ScriptedServer(s, List.copyOf(all));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
    }

    /** @return the address to connect to */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    /** @return the port it listens on */
    public int port() {
        return listener.getLocalPort();
    }

    /** @return how many connections it has accepted */
    public int connections() {
        return runs.size();
    }

    /** @return every line the scripts read from clients, over all connections, in the order read */
    public List<String> receivedLines() {
        synchronized (receivedLines) {
            return List.copyOf(receivedLines);
        }
    }

    /**
     * Returns one connection's transcript.
     *
     * @param connection the connection's number, from 1
     * @return its transcript
     * @throws IllegalArgumentException if no such connection was accepted
     */
    public Transcript transcript(int connection) {
        if (connection < 1 || connection > runs.size()) {
            throw new IllegalArgumentException("connection: " + connection + " (expected: 1.." + runs.size() + ")");
        }
        return runs.get(connection - 1).transcript();
    }

    /** @return every connection's transcript, each under a {@code --- connection n ---} heading */
    public String transcript() {
        if (runs.isEmpty()) {
            return "(no connection)\n";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < runs.size(); i++) {
            b.append("--- connection ").append(i + 1).append(" ---\n").append(runs.get(i).transcript());
        }
        return b.toString();
    }

    /**
     * Waits until at least {@code n} connections have been accepted.
     *
     * @param n how many
     * @param within the most time to wait
     * @throws AssertionError with the transcripts, if fewer came in time
     */
    public void awaitConnections(int n, Duration within) {
        if (!Await.eventually(within, () -> runs.size() >= n)) {
            throw new AssertionError("expected " + n + " connections within " + within.toMillis() + " ms, got "
                    + runs.size() + "\n" + transcript());
        }
    }

    /**
     * Waits for at least one connection and for every accepted connection's script to finish (or stall), then
     * fails if any of them failed.
     *
     * @param within the most time to wait
     * @throws AssertionError with the transcripts if a script failed or did not finish in time
     */
    public void awaitDone(Duration within) {
        long end = System.nanoTime() + within.toNanos();
        awaitConnections(1, within);
        try {
            for (ScriptRun run : runs) {
                if (!run.awaitSettled(end)) {
                    throw new AssertionError("scripts not done within " + within.toMillis() + " ms\n" + transcript());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the scripts", e);
        }
        assertNoFailures();
    }

    /**
     * Fails if any script has failed so far.
     *
     * @throws AssertionError the first failure, its message holding that connection's transcript
     */
    public void assertNoFailures() {
        if (acceptFailure != null) {
            throw acceptFailure;
        }
        for (ScriptRun run : runs) {
            if (run.failure() != null) {
                throw run.failure();
            }
        }
    }

    /** Closes the listener and every connection, releasing stalled scripts. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ScriptRun run : runs) {
                run.stop();
            }
            try {
                acceptor.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    acceptFailure = new AssertionError("accept failed on port " + port(), e);
                }
                return;
            }
            int n = runs.size() + 1;
            Script script = scripts.get(Math.min(n, scripts.size()) - 1);
            try {
                PeerConnection c = new PeerConnection(socket, n, Side.SERVER, new Transcript(), receivedLines::add);
                ScriptRun run = new ScriptRun(script, c, "scripted-server-" + port() + "-" + n);
                runs.add(run);
                run.start();
                if (closed) {
                    run.stop();
                }
            } catch (IOException e) {
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already failing: the accepted socket could not be set up, the client sees it closed
        }
    }
}
