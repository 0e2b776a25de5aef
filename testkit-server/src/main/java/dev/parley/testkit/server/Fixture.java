package dev.parley.testkit.server;

import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.Session;
import dev.parley.testkit.Await;
import dev.parley.testkit.peer.ScriptedServer;
import dev.parley.testkit.proxy.FaultProxy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What {@link ParleyExtension} runs for one class or one test method: the server, the fault proxy in front of it
 * when asked, the client that makes the sessions handed to the test, those sessions and the watched peers. Started
 * in one step and closed in one step, sessions first and the server last; whatever fails to close does not keep the
 * rest open.
 */
final class Fixture<T extends AutoCloseable> {

    /** How long a new session may take to connect and read the greeting before the test fails. */
    static final Duration CONNECT_WAIT = Duration.ofSeconds(10);

    private final T handle;
    private final TestServer server;
    private final FaultProxy proxy;
    /** Closed when the fixture closes: sessions and peers made outside a test method. */
    private final List<AutoCloseable> classScope = new ArrayList<>();
    /** Closed at the end of the current test method. */
    private final List<AutoCloseable> methodScope = new ArrayList<>();
    private final List<Peer> classPeers = new ArrayList<>();
    private final List<Peer> methodPeers = new ArrayList<>();
    private ParleyClient client;

    private Fixture(T handle, TestServer server, FaultProxy proxy) {
        this.handle = handle;
        this.server = server;
        this.proxy = proxy;
    }

    /**
     * Starts the server, and a proxy in front of it when {@code withProxy}; if anything after the server's start
     * fails, stops it again before throwing.
     */
    static <T extends AutoCloseable> Fixture<T> start(ServerFactory<T> factory,
                                                      Function<? super T, InetSocketAddress> addressOf,
                                                      boolean withProxy) throws Exception {
        T handle = factory.start();
        if (handle == null) {
            throw new IllegalStateException("the server factory returned null");
        }
        try {
            InetSocketAddress address = addressOf.apply(handle);
            if (address == null) {
                throw new IllegalStateException("the server's address is null: " + handle);
            }
            TestServer server = handle instanceof TestServer ? (TestServer) handle : TestServer.of(address, handle);
            Fixture<T> fixture = new Fixture<>(handle, server, withProxy ? FaultProxy.start(address) : null);
            if (handle instanceof ScriptedServer) {
                ScriptedServer scripted = (ScriptedServer) handle;
                fixture.watch(new Peer("scripted server " + Peer.hostPort(address), scripted::transcript,
                        () -> { }), false); // the server itself, closed last
            }
            return fixture;
        } catch (RuntimeException | Error e) {
            closeQuietlyInto(e, handle);
            throw e;
        }
    }

    T handle() {
        return handle;
    }

    TestServer server() {
        return server;
    }

    /** @return the address clients are given: the proxy's if there is one, else the server's */
    InetSocketAddress clientAddress() {
        return proxy != null ? proxy.address() : server.address();
    }

    /** @return the proxy in front of the server, or {@code null} if none was asked for */
    FaultProxy proxy() {
        return proxy;
    }

    synchronized ParleyClient client() {
        if (client == null) {
            client = ParleyClient.create(1);
        }
        return client;
    }

    /**
     * Connects a session to {@link #clientAddress()} and waits until it is ready; it is closed at the end of the
     * test method when {@code methodScope}, else when the fixture closes.
     */
    Session newSession(ClientOptions options, boolean methodScope) {
        Session session = client().connect(clientAddress(), options);
        own(session, methodScope);
        Await.until(CONNECT_WAIT, "session to " + clientAddress() + " connected", session::isConnected);
        return session;
    }

    /** Closes the resource at the end of the test method when {@code methodScope}, else when the fixture closes. */
    synchronized void own(AutoCloseable resource, boolean methodScope) {
        (methodScope ? this.methodScope : classScope).add(resource);
    }

    /** Watches a peer: its transcript is reported if a test fails while it is in scope; it closes with its scope. */
    synchronized void watch(Peer peer, boolean methodScope) {
        (methodScope ? methodPeers : classPeers).add(peer);
        own(peer, methodScope);
    }

    /** @return the reports of every peer in scope now, or an empty string when there is none */
    synchronized String peerReports() {
        StringBuilder b = new StringBuilder();
        for (Peer p : classPeers) {
            b.append(p.report());
        }
        for (Peer p : methodPeers) {
            b.append(p.report());
        }
        return b.toString();
    }

    /**
     * Closes the sessions and peers made during the test method that just ended, then removes the faults it left
     * on the proxy, so the next test starts on a clean network.
     */
    void endMethod() throws Exception {
        List<AutoCloseable> ending;
        synchronized (this) {
            ending = new ArrayList<>(methodScope);
            methodScope.clear();
            methodPeers.clear();
        }
        try {
            closeAll(ending);
        } finally {
            if (proxy != null) {
                proxy.clear();
            }
        }
    }

    /**
     * Closes every session and peer, the client, the proxy and the server, in that order, and throws the first
     * failure.
     */
    void close() throws Exception {
        List<AutoCloseable> all = new ArrayList<>();
        synchronized (this) {
            all.addAll(methodScope);
            all.addAll(classScope);
            methodScope.clear();
            classScope.clear();
            methodPeers.clear();
            classPeers.clear();
            if (client != null) {
                all.add(client);
            }
        }
        if (proxy != null) {
            all.add(proxy);
        }
        all.add(server);
        closeAll(all);
    }

    private static void closeAll(List<? extends AutoCloseable> resources) throws Exception {
        Throwable first = null;
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Throwable t) {
                if (first == null) {
                    first = t;
                } else {
                    first.addSuppressed(t);
                }
            }
        }
        if (first instanceof Exception) {
            throw (Exception) first;
        }
        if (first instanceof Error) {
            throw (Error) first;
        }
    }

    private static void closeQuietlyInto(Throwable failure, AutoCloseable resource) {
        try {
            resource.close();
        } catch (Throwable t) {
            failure.addSuppressed(t);
        }
    }
}
