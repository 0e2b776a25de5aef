package dev.parley.testkit.peer;

import dev.parley.testkit.peer.Transcript.Side;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * A client that plays a {@link Script} against a real server, for testing a server against a rude client: one that
 * stalls, sends half a line, resets, or sends garbage. The script runs on its own thread from the moment
 * {@link #connect(InetSocketAddress, Script)} returns; {@link #awaitDone(Duration)} waits for it and fails with the
 * transcript if an expectation was not met.
 *
 * <pre>{@code
 * try (ScriptedClient c = ScriptedClient.connect(server.address(),
 *         Script.builder().expectLine("HELLO parley/1 demo").sendLine("ping").expectLine("OK pong").build())) {
 *     c.awaitDone(Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class ScriptedClient implements AutoCloseable {

    /** How long {@link #connect(InetSocketAddress, Script)} waits for the TCP connection: 5 seconds. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final ScriptRun run;
    private final Socket socket;

    private ScriptedClient(Socket socket, Script script) throws IOException {
        this.socket = socket;
        PeerConnection c = new PeerConnection(socket, 1, Side.CLIENT, new Transcript(), line -> { });
        this.run = new ScriptRun(script, c, "scripted-client-" + socket.getLocalPort());
        run.start();
    }

    /**
     * Connects and starts playing the script.
     *
     * @param address the server
     * @param script what to do on the connection
     * @return the running client
     * @throws UncheckedIOException if the connection cannot be made within {@link #CONNECT_TIMEOUT}
     */
    public static ScriptedClient connect(InetSocketAddress address, Script script) {
        Socket s = new Socket();
        try {
            s.connect(address, (int) CONNECT_TIMEOUT.toMillis());
            return new ScriptedClient(s, script);
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot connect to " + address, e);
        }
    }

    /** @return the local port of the connection, as the server sees it */
    public int localPort() {
        return socket.getLocalPort();
    }

    /** @return the transcript so far */
    public Transcript transcript() {
        return run.transcript();
    }

    /** @return whether the script has finished, failed or reached a stall */
    public boolean isDone() {
        return run.isSettled();
    }

    /**
     * Waits for the script to finish (or stall), then fails if it failed.
     *
     * @param within the most time to wait
     * @return the transcript
     * @throws AssertionError with the transcript, if the script failed or did not finish in time
     */
    public Transcript awaitDone(Duration within) {
        try {
            if (!run.awaitSettled(ScriptRun.deadline(within))) {
                throw new AssertionError("script not done within " + within.toMillis() + " ms\ntranscript:\n"
                        + run.transcript());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the script", e);
        }
        if (run.failure() != null) {
            throw run.failure();
        }
        return run.transcript();
    }

    /** Closes the connection, releasing a stalled script. */
    @Override
    public void close() {
        run.stop();
    }
}
