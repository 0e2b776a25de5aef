package dev.parley.testkit.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A server that a test started and will stop: its address and the way to stop it. {@link ParleyExtension} starts
 * one before the tests that need it and closes it after them. Any running handle fits:
 * {@code TestServer.of(agent.localAddress(), agent)}.
 */
public interface TestServer extends AutoCloseable {

    /** @return the address clients connect to (a wildcard bind address is given as loopback) */
    InetSocketAddress address();

    /**
     * Stops the server and releases what it holds.
     *
     * @throws Exception if stopping failed
     */
    @Override
    void close() throws Exception;

    /**
     * A test server at an address, stopped by a closer.
     *
     * @param address where it listens; a wildcard address ({@code 0.0.0.0}, {@code ::}) becomes loopback
     * @param closer what stops it, called by {@link #close()}
     * @return the test server
     * @throws NullPointerException if an argument is {@code null}
     */
    static TestServer of(InetSocketAddress address, AutoCloseable closer) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(closer, "closer");
        InetSocketAddress reachable = address.getAddress() != null && address.getAddress().isAnyLocalAddress()
                ? new InetSocketAddress(InetAddress.getLoopbackAddress(), address.getPort())
                : address;
        return new TestServer() {
            @Override
            public InetSocketAddress address() {
                return reachable;
            }

            @Override
            public void close() throws Exception {
                closer.close();
            }

            @Override
            public String toString() {
                return "TestServer{" + reachable + '}';
            }
        };
    }
}
