package dev.parley.testkit.server;

import dev.parley.server.ParleyServer;
import dev.parley.server.RunningServer;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs fixture test classes on a JUnit launcher of their own, so a test can make a fixture fail and then check
 * what the extension left behind. Fixtures are enabled only while launched from here ({@link #launched()}), so
 * they never run on their own.
 */
final class Launched {

    /** Ports of servers started by {@link #recordedServer()}, in order. */
    static final List<Integer> STARTED = new CopyOnWriteArrayList<>();
    /** Ports of those servers once closed, in order. */
    static final List<Integer> STOPPED = new CopyOnWriteArrayList<>();
    /** What fixtures saw: ports, sessions, anything a test wants to check afterwards. */
    static final List<Object> SEEN = new CopyOnWriteArrayList<>();

    private static volatile boolean launched;

    private Launched() {
    }

    /** @return whether a fixture is being run by {@link #run(Class)}; fixtures' {@code @EnabledIf} condition */
    static boolean launched() {
        return launched;
    }

    /** @return an extension whose servers record their start and stop in {@link #STARTED} and {@link #STOPPED} */
    static ParleyExtension<TestServer> recordedServer() {
        return ParleyExtension.of(() -> {
            RunningServer s = ParleyServer.builder().build().start();
            int port = s.port();
            STARTED.add(port);
            return TestServer.of(s.localAddress(), () -> {
                s.close();
                STOPPED.add(port);
            });
        });
    }

    /**
     * Runs one fixture class after clearing the records.
     *
     * @return the run's summary
     */
    static TestExecutionSummary run(Class<?> fixture) {
        STARTED.clear();
        STOPPED.clear();
        SEEN.clear();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launched = true;
        try {
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(fixture)).build(), listener);
        } finally {
            launched = false;
        }
        return listener.getSummary();
    }
}
