package dev.parley.memcached;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real memcached ({@value #BINARY}, which {@code .ci/run} installs) on a free loopback port, for the tests that
 * compare this project's server with it. Started as {@code nobody} (memcached refuses to run as root otherwise), UDP
 * off; stopped by {@link #close()}.
 */
public final class ReferenceMemcached implements AutoCloseable {

    /** Where Debian's package puts memcached. */
    public static final String BINARY = "/usr/bin/memcached";

    private final Process process;
    private final int port;

    private ReferenceMemcached(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** @return whether memcached is installed here; tests skip their memcached half when it is not */
    public static boolean isInstalled() {
        return Files.isExecutable(Path.of(BINARY));
    }

    /**
     * Starts memcached and waits, at most 10 s, until it accepts connections.
     *
     * @param options more command-line options, e.g. {@code "-t", "2"}
     * @return the running memcached
     * @throws IOException if it cannot be started
     * @throws AssertionError if it does not listen within 10 s
     */
    public static ReferenceMemcached start(String... options) throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(BINARY, "-u", "nobody", "-l", "127.0.0.1", "-p",
                Integer.toString(port), "-U", "0"));
        command.addAll(List.of(options));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        ReferenceMemcached memcached = new ReferenceMemcached(p, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (;;) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return memcached;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    memcached.close();
                    throw new AssertionError("memcached did not start on port " + port + " (alive: " + p.isAlive()
                            + ")", e);
                }
                try {
                    p.onExit().get(10, TimeUnit.MILLISECONDS); // a bounded pause that ends early if it exits
                } catch (TimeoutException stillRunning) {
                    // not listening yet: try again
                } catch (InterruptedException | java.util.concurrent.ExecutionException stop) {
                    memcached.close();
                    throw new IOException("interrupted while memcached started", stop);
                }
            }
        }
    }

    /** @return the loopback port it listens on */
    public int port() {
        return port;
    }

    /** @return its address */
    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** Stops it: SIGTERM, then SIGKILL after 5 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
