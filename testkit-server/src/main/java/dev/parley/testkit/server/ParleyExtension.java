package dev.parley.testkit.server;

import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.Session;
import dev.parley.server.ParleyServer;
import dev.parley.server.RunningServer;
import dev.parley.testkit.peer.Script;
import dev.parley.testkit.peer.ScriptedClient;
import dev.parley.testkit.peer.ScriptedServer;
import dev.parley.testkit.proxy.FaultProxy;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A JUnit 5 extension that starts a server on port 0 before the tests that need it, hands the tests its address,
 * connected client sessions and, when asked, a fault-injecting proxy in front of it, and stops everything
 * afterwards, also when a test or a callback fails.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final ParleyExtension&lt;RunningServer&gt; server = ParleyExtension.server(() -&gt;
 *         ParleyServer.builder().router(router).build()).withProxy();
 *
 * &#64;Test
 * void slowNetwork(Session session, FaultProxy proxy) {
 *     proxy.add(Fault.latency(Duration.ofMillis(200), Duration.ZERO));
 *     assertEquals("pong", session.call(Request.query("ping")).arg(0));
 * }
 * </pre>
 *
 * <p><b>Lifecycle</b> follows JUnit's registration rules. Registered on a {@code static} field, the server starts
 * once before all tests of the class (and its {@code @Nested} classes) and stops after them; {@link #perMethod()}
 * makes it start before and stop after each test method instead. Registered on an instance field, JUnit gives the
 * extension no class-level callbacks, so the server is per method whatever was asked. Sessions and scripted peers
 * are closed at the end of the scope they were made in: during a test method (its parameters, {@code @BeforeEach},
 * the method itself) after that method, otherwise (constructor, {@code @BeforeAll}) with the server. Faults added to
 * the proxy are removed after each test.
 *
 * <p><b>Parameters</b> of test methods, lifecycle methods and constructors: {@link InetSocketAddress} (where clients
 * connect: the proxy, if there is one), {@link TestServer}, a connected {@link Session} (made with
 * {@link #clientOptions(ClientOptions)}), the {@link FaultProxy} and the server's own handle type (for example
 * {@link RunningServer}). With more than one of these extensions on one class, JUnit cannot tell which one resolves
 * a parameter: use the accessors ({@link #address()}, {@link #newSession()}, {@link #proxy()}) instead. Test methods
 * of one class must not run concurrently with a per-method server.
 *
 * <p><b>Failures</b>: when a test fails, the transcripts of the scripted peers in scope ({@link #peer},
 * {@link #scriptedClient}, {@link #watch}) are attached to its exception as a suppressed {@link PeerTranscripts}.
 *
 * @param <T> the running server's handle
 */
public final class ParleyExtension<T extends AutoCloseable>
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterTestExecutionCallback, ParameterResolver {

    private static final Logger LOG = LoggerFactory.getLogger("parley.testkit");

    private final ServerFactory<T> factory;
    private final Function<? super T, InetSocketAddress> addressOf;
    private final boolean perMethod;
    private final boolean withProxy;
    private final ClientOptions clientOptions;

    private final Object lock = new Object();
    private Fixture<T> fixture;
    private String ownerId;
    private boolean startedForMethod;
    private boolean inMethod;

    private ParleyExtension(ServerFactory<T> factory, Function<? super T, InetSocketAddress> addressOf,
                            boolean perMethod, boolean withProxy, ClientOptions clientOptions) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.addressOf = Objects.requireNonNull(addressOf, "addressOf");
        this.perMethod = perMethod;
        this.withProxy = withProxy;
        this.clientOptions = Objects.requireNonNull(clientOptions, "clientOptions");
    }

    /**
     * An extension for a Parley server: the supplied options are started on port 0 (whatever port they name).
     *
     * @param options supplies the server's options, once per start
     * @return the extension, per class unless {@link #perMethod()} is asked
     */
    public static ParleyExtension<RunningServer> server(Supplier<ParleyServer> options) {
        Objects.requireNonNull(options, "options");
        return new ParleyExtension<>(() -> options.get().toBuilder().server(s -> s.port(0)).build()
                .start(), RunningServer::localAddress, false, false, ClientOptions.defaults());
    }

    /**
     * An extension for any server the test can start and describe as a {@link TestServer}:
     * {@code ParleyExtension.of(() -> { RunningAgent a = ...start(); return TestServer.of(a.localAddress(), a); })}.
     *
     * @param factory starts the server, on port 0
     * @return the extension, per class unless {@link #perMethod()} is asked
     */
    public static ParleyExtension<TestServer> of(ServerFactory<? extends TestServer> factory) {
        Objects.requireNonNull(factory, "factory");
        return new ParleyExtension<TestServer>(factory::start, TestServer::address, false, false,
                ClientOptions.defaults());
    }

    /**
     * An extension for any running handle that has an address:
     * {@code ParleyExtension.of(() -> AgentServer.builder().root(dir).server(s -> s.port(0)).build().start(),
     * RunningAgent::localAddress)}.
     *
     * @param factory starts the server, on port 0
     * @param address gives the started server's address
     * @param <T> the handle's type; closing it stops the server
     * @return the extension, per class unless {@link #perMethod()} is asked
     */
    public static <T extends AutoCloseable> ParleyExtension<T> of(ServerFactory<T> factory,
                                                                   Function<? super T, InetSocketAddress> address) {
        return new ParleyExtension<>(factory, address, false, false, ClientOptions.defaults());
    }

    /** @return a copy that starts a server before each test method and stops it after it */
    public ParleyExtension<T> perMethod() {
        return new ParleyExtension<>(factory, addressOf, true, withProxy, clientOptions);
    }

    /**
     * Puts a {@link FaultProxy} in front of the server, started and stopped with it. The injected address and
     * sessions then go through the proxy ({@link #upstreamAddress()} is the server itself), and the faults a test
     * adds are removed after it.
     *
     * @return a copy with a proxy in front of its server
     */
    public ParleyExtension<T> withProxy() {
        return new ParleyExtension<>(factory, addressOf, perMethod, true, clientOptions);
    }

    /**
     * @param options the options of injected sessions and of {@link #newSession()}; default
     *                {@link ClientOptions#defaults()}
     * @return a copy whose sessions use these options
     */
    public ParleyExtension<T> clientOptions(ClientOptions options) {
        return new ParleyExtension<>(factory, addressOf, perMethod, withProxy, options);
    }

    /** @return whether the server starts and stops around each test method */
    public boolean isPerMethod() {
        return perMethod;
    }

    /** @return whether a fault proxy stands in front of the server */
    public boolean isProxied() {
        return withProxy;
    }

    /**
     * @return where clients connect to the running server: the proxy, if there is one
     * @throws IllegalStateException if no server is running now
     */
    public InetSocketAddress address() {
        return running().clientAddress();
    }

    /**
     * @return the running server's own address, behind the proxy if there is one
     * @throws IllegalStateException if no server is running now
     */
    public InetSocketAddress upstreamAddress() {
        return running().server().address();
    }

    /**
     * @return the fault proxy in front of the server; the faults added to it are removed after each test
     * @throws IllegalStateException if no server is running now, or if no proxy was asked for
     */
    public FaultProxy proxy() {
        FaultProxy proxy = running().proxy();
        if (proxy == null) {
            throw new IllegalStateException("no proxy: ask for one with .withProxy()");
        }
        return proxy;
    }

    /**
     * @return the running server
     * @throws IllegalStateException if no server is running now
     */
    public TestServer testServer() {
        return running().server();
    }

    /**
     * @return the handle the factory returned (for a Parley server, its {@link RunningServer})
     * @throws IllegalStateException if no server is running now
     */
    public T handle() {
        return running().handle();
    }

    /**
     * @return the client that makes this extension's sessions; closed with the server
     * @throws IllegalStateException if no server is running now
     */
    public ParleyClient client() {
        return running().client();
    }

    /**
     * Connects a session with {@link #clientOptions(ClientOptions) the extension's options} and waits until it is
     * ready. It is closed after the current test method, or with the server when made outside one.
     *
     * @return the connected session
     * @throws IllegalStateException if no server is running now
     * @throws AssertionError if it is not connected within 10 seconds
     */
    public Session newSession() {
        return newSession(clientOptions);
    }

    /**
     * Like {@link #newSession()}, with other options.
     *
     * @param options the session's options
     * @return the connected session
     * @throws IllegalStateException if no server is running now
     * @throws AssertionError if it is not connected within 10 seconds
     */
    public Session newSession(ClientOptions options) {
        Objects.requireNonNull(options, "options");
        return running().newSession(options, inMethod());
    }

    private boolean inMethod() {
        synchronized (lock) {
            return inMethod;
        }
    }

    /**
     * Starts a scripted server (a peer that misbehaves as its scripts say) on loopback, closed at the end of the
     * current test method (or with the server, when started outside one). If a test fails while it runs, its
     * transcript is attached to the failure.
     *
     * @param first the script of the first connection (and of every connection, when alone)
     * @param then the scripts of later connections; the last plays for every connection after it
     * @return the started peer
     * @throws IllegalStateException if no server is running now
     */
    public ScriptedServer peer(Script first, Script... then) {
        ScriptedServer peer = ScriptedServer.start(first, then);
        return watch(peer);
    }

    /**
     * Connects a scripted client (a rude or broken client, as its script says) to {@link #address()}, closed and
     * reported like a {@link #peer(Script, Script...) peer}.
     *
     * @param script what the client sends and expects
     * @return the connected client
     * @throws IllegalStateException if no server is running now
     */
    public ScriptedClient scriptedClient(Script script) {
        ScriptedClient client = ScriptedClient.connect(address(), script);
        try {
            running().watch(new Peer("scripted client from port " + client.localPort(),
                    () -> client.transcript().toString(), client), inMethod());
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }

    /**
     * Watches a scripted server the test started itself: closed and reported like a
     * {@link #peer(Script, Script...) peer}.
     *
     * @param peer the peer
     * @return the same peer
     * @throws IllegalStateException if no server is running now
     */
    public ScriptedServer watch(ScriptedServer peer) {
        Objects.requireNonNull(peer, "peer");
        try {
            running().watch(new Peer("scripted server " + Peer.hostPort(peer.address()), peer::transcript, peer),
                    inMethod());
        } catch (RuntimeException e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!perMethod) {
            synchronized (lock) {
                if (fixture != null) {
                    return; // a @Nested class shares its outer class's server
                }
                fixture = Fixture.start(factory, addressOf, withProxy);
                ownerId = context.getUniqueId();
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        synchronized (lock) {
            inMethod = true;
            if (fixture == null) {
                fixture = Fixture.start(factory, addressOf, withProxy);
                startedForMethod = true;
            }
        }
    }

    /** Attaches the transcripts of the peers in scope to the test's failure, if it failed. */
    @Override
    public void afterTestExecution(ExtensionContext context) {
        Optional<Throwable> failure = context.getExecutionException();
        Fixture<T> current;
        synchronized (lock) {
            current = fixture;
        }
        if (failure.isEmpty() || failure.get() instanceof TestAbortedException || current == null) {
            return;
        }
        String reports = current.peerReports();
        if (reports.isEmpty()) {
            return;
        }
        PeerTranscripts carrier = new PeerTranscripts(reports);
        failure.get().addSuppressed(carrier);
        if (!Arrays.asList(failure.get().getSuppressed()).contains(carrier)) {
            LOG.warn("{} failed; {}", context.getDisplayName(), reports);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Fixture<T> ending;
        boolean stop;
        synchronized (lock) {
            inMethod = false;
            ending = fixture;
            stop = startedForMethod;
            if (stop) {
                fixture = null;
                startedForMethod = false;
            }
        }
        if (ending == null) {
            return;
        }
        if (stop) {
            ending.close();
        } else {
            ending.endMethod();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Fixture<T> ending;
        synchronized (lock) {
            if (fixture == null || !context.getUniqueId().equals(ownerId)) {
                return;
            }
            ending = fixture;
            fixture = null;
            ownerId = null;
        }
        ending.close();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == InetSocketAddress.class || type == TestServer.class || type == Session.class
                || type == FaultProxy.class) {
            return true;
        }
        if (type == Object.class || type == AutoCloseable.class) {
            return false;
        }
        synchronized (lock) {
            return fixture != null && type.isInstance(fixture.handle());
        }
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        try {
            if (type == InetSocketAddress.class) {
                return address();
            }
            if (type == TestServer.class) {
                return testServer();
            }
            if (type == Session.class) {
                return newSession();
            }
            if (type == FaultProxy.class) {
                return proxy();
            }
            return handle();
        } catch (IllegalStateException e) {
            throw new ParameterResolutionException("cannot resolve " + parameter.getParameter() + ": "
                    + e.getMessage(), e);
        }
    }

    private Fixture<T> running() {
        synchronized (lock) {
            if (fixture == null) {
                throw new IllegalStateException("no server is running now: a per-class server runs from before "
                        + "the first test to after the last, a per-method one only during each test method");
            }
            return fixture;
        }
    }

    @Override
    public String toString() {
        return "ParleyExtension{" + (perMethod ? "per method" : "per class") + (withProxy ? ", proxied" : "")
                + '}';
    }
}
