package dev.parley.testkit.server;

import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * A scripted peer that {@link ParleyExtension} watches: what it is called in a report, how to read its transcript,
 * and how to stop it.
 */
final class Peer implements AutoCloseable {

    private final String name;
    private final Supplier<String> transcript;
    private final AutoCloseable closer;

    Peer(String name, Supplier<String> transcript, AutoCloseable closer) {
        this.name = name;
        this.transcript = transcript;
        this.closer = closer;
    }

    /** @return {@code host:port}, the address as a report shows it */
    static String hostPort(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return host + ':' + address.getPort();
    }

    /** @return the peer's name and its transcript so far, for a failure report */
    String report() {
        return "transcript of " + name + ":\n" + transcript.get();
    }

    @Override
    public void close() throws Exception {
        closer.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
