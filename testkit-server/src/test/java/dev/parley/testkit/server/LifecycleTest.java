package dev.parley.testkit.server;

import dev.parley.client.Session;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * When the extension starts and stops servers and sessions: fixture classes run on their own launcher
 * ({@link Launched}), then the records of what started and stopped are checked, failures included.
 */
class LifecycleTest {

    private static final String LAUNCHED = "dev.parley.testkit.server.Launched#launched";

    @EnabledIf(LAUNCHED)
    static class PerClass {
        @RegisterExtension
        static final ParleyExtension<TestServer> server = Launched.recordedServer();

        @Test
        void first(InetSocketAddress address) {
            Launched.SEEN.add(address.getPort());
        }

        @Test
        void second(InetSocketAddress address) {
            Launched.SEEN.add(address.getPort());
        }
    }

    @Test
    void staticFieldStartsOneServerForTheWholeClassAndStopsItAfter() {
        TestExecutionSummary summary = Launched.run(PerClass.class);
        assertEquals(2, summary.getTestsSucceededCount());
        assertEquals(1, Launched.STARTED.size(), "started " + Launched.STARTED);
        assertEquals(Launched.STARTED, Launched.STOPPED);
        assertEquals(List.of(Launched.STARTED.get(0), Launched.STARTED.get(0)), Launched.SEEN);
    }

    @EnabledIf(LAUNCHED)
    static class PerMethod {
        @RegisterExtension
        static final ParleyExtension<TestServer> server = Launched.recordedServer().perMethod();

        @Test
        void first(InetSocketAddress address) {
            Launched.SEEN.add(address.getPort());
            assertEquals(Launched.STOPPED.size() + 1, Launched.STARTED.size(), "only this test's server runs");
        }

        @Test
        void second(InetSocketAddress address) {
            Launched.SEEN.add(address.getPort());
            assertEquals(Launched.STOPPED.size() + 1, Launched.STARTED.size(), "only this test's server runs");
        }
    }

    @Test
    void perMethodStartsAServerForEachTestAndStopsItAfterEach() {
        TestExecutionSummary summary = Launched.run(PerMethod.class);
        assertEquals(2, summary.getTestsSucceededCount(), () -> failures(summary));
        assertEquals(2, Launched.STARTED.size());
        assertEquals(Launched.STARTED, Launched.STOPPED);
        assertEquals(Launched.STARTED, Launched.SEEN);
        assertNotEquals(Launched.SEEN.get(0), Launched.SEEN.get(1));
    }

    @EnabledIf(LAUNCHED)
    static class InstanceField {
        @RegisterExtension
        final ParleyExtension<TestServer> server = Launched.recordedServer();

        @Test
        void first() {
            Launched.SEEN.add(server.address().getPort());
        }

        @Test
        void second() {
            Launched.SEEN.add(server.address().getPort());
        }
    }

    @Test
    void instanceFieldGetsNoClassCallbacksSoItsServerIsPerMethod() {
        TestExecutionSummary summary = Launched.run(InstanceField.class);
        assertEquals(2, summary.getTestsSucceededCount(), () -> failures(summary));
        assertEquals(2, Launched.STARTED.size());
        assertEquals(Launched.STARTED, Launched.STOPPED);
        assertEquals(Launched.STARTED, Launched.SEEN);
    }

    @EnabledIf(LAUNCHED)
    static class FailingPerClass {
        @RegisterExtension
        static final ParleyExtension<TestServer> server = Launched.recordedServer();
        static Session classSession;

        @BeforeAll
        static void connect(Session session) {
            classSession = session;
            Launched.SEEN.add(session);
        }

        @Test
        void fails(Session session) {
            Launched.SEEN.add(session);
            fail("on purpose");
        }

        @Test
        void classSessionStaysOpenAcrossTests() {
            assertTrue(classSession.isConnected());
        }
    }

    @Test
    void serverAndSessionsAreClosedAfterTheClassEvenWhenATestFails() {
        TestExecutionSummary summary = Launched.run(FailingPerClass.class);
        assertEquals(1, summary.getTestsFailedCount());
        assertEquals(1, summary.getTestsSucceededCount(), () -> failures(summary));
        assertEquals("on purpose", summary.getFailures().get(0).getException().getMessage());
        assertEquals(1, Launched.STARTED.size());
        assertEquals(Launched.STARTED, Launched.STOPPED);
        assertEquals(2, Launched.SEEN.size());
        for (Object session : Launched.SEEN) {
            assertFalse(((Session) session).isConnected(), session + " closed");
        }
    }

    @EnabledIf(LAUNCHED)
    static class FailingBeforeEach {
        @RegisterExtension
        static final ParleyExtension<TestServer> server = Launched.recordedServer().perMethod();

        @BeforeEach
        void setUp(Session session) {
            Launched.SEEN.add(session);
            throw new IllegalStateException("set-up fails");
        }

        @Test
        void neverRuns() {
            fail("the test ran after its set-up failed");
        }
    }

    @Test
    void perMethodServerAndSessionAreClosedWhenASetUpFails() {
        TestExecutionSummary summary = Launched.run(FailingBeforeEach.class);
        assertEquals(1, summary.getTestsFailedCount());
        assertEquals("set-up fails", summary.getFailures().get(0).getException().getMessage());
        assertEquals(1, Launched.STARTED.size());
        assertEquals(Launched.STARTED, Launched.STOPPED);
        assertFalse(((Session) Launched.SEEN.get(0)).isConnected());
    }

    @EnabledIf(LAUNCHED)
    static class FactoryFails {
        @RegisterExtension
        static final ParleyExtension<TestServer> server = ParleyExtension.of(() -> {
            throw new IOException("cannot start");
        });

        @Test
        void neverRuns() {
            fail("the test ran without its server");
        }
    }

    @Test
    void aServerThatCannotStartFailsTheClassWithItsCause() {
        TestExecutionSummary summary = Launched.run(FactoryFails.class);
        assertEquals(0, summary.getTestsStartedCount());
        assertEquals(1, summary.getContainersFailedCount());
        assertEquals("cannot start", summary.getFailures().get(0).getException().getMessage());
    }

    @EnabledIf(LAUNCHED)
    static class AddressFails {
        @RegisterExtension
        static final ParleyExtension<AutoCloseable> server = ParleyExtension.of(
                () -> () -> Launched.STOPPED.add(-1),
                handle -> {
                    throw new IllegalStateException("no address");
                });

        @Test
        void neverRuns() {
            fail("the test ran without its server");
        }
    }

    @Test
    void aServerStartedButNotUsableIsStoppedBeforeTheFailure() {
        TestExecutionSummary summary = Launched.run(AddressFails.class);
        assertEquals(0, summary.getTestsStartedCount());
        assertEquals("no address", summary.getFailures().get(0).getException().getMessage());
        assertEquals(List.of(-1), Launched.STOPPED);
    }

    @EnabledIf(LAUNCHED)
    static class Outer {
        @RegisterExtension
        static final ParleyExtension<TestServer> server = Launched.recordedServer();

        @Test
        void outer(InetSocketAddress address) {
            Launched.SEEN.add(address.getPort());
        }

        @Nested
        class Inner {
            @Test
            void inner(InetSocketAddress address) {
                Launched.SEEN.add(address.getPort());
                assertTrue(Launched.STOPPED.isEmpty(), "the outer server still runs");
            }
        }
    }

    @Test
    void nestedClassesShareTheOuterClassServer() {
        TestExecutionSummary summary = Launched.run(Outer.class);
        assertEquals(2, summary.getTestsSucceededCount(), () -> failures(summary));
        assertEquals(1, Launched.STARTED.size());
        assertEquals(Launched.STARTED, Launched.STOPPED);
        assertEquals(List.of(Launched.STARTED.get(0), Launched.STARTED.get(0)), Launched.SEEN);
    }

    private static String failures(TestExecutionSummary summary) {
        StringBuilder b = new StringBuilder();
        summary.getFailures().forEach(f -> b.append(f.getTestIdentifier().getDisplayName()).append(": ")
                .append(f.getException()).append('\n'));
        return b.toString();
    }
}
