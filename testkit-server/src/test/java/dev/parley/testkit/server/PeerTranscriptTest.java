package dev.parley.testkit.server;

import dev.parley.client.Request;
import dev.parley.client.Session;
import dev.parley.testkit.peer.Script;
import dev.parley.testkit.peer.ScriptedClient;
import dev.parley.testkit.peer.ScriptedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Scripted peers registered with the extension: closed with their scope, their transcripts attached to failures. */
class PeerTranscriptTest {

    private static final String LAUNCHED = "dev.parley.testkit.server.Launched#launched";

    @RegisterExtension
    static final ParleyExtension<TestServer> server = Launched.recordedServer();

    static Script pingPong() {
        return Script.builder().sendLine("HELLO parley/1 fake").expectLine("ping").sendLine("OK pong")
                .drainUntilEof().build();
    }

    static void pingThrough(ParleyExtension<?> ext, ScriptedServer peer) {
        try (Session session = ext.client().connect(peer.address())) {
            assertEquals("pong", session.call(Request.query("ping")).arg(0));
        }
    }

    @EnabledIf(LAUNCHED)
    static class FailsWithAPeer {
        @RegisterExtension
        static final ParleyExtension<TestServer> server = Launched.recordedServer();

        @Test
        void fails() {
            pingThrough(server, server.peer(pingPong()));
            fail("on purpose");
        }

        @Test
        void passes() {
            pingThrough(server, server.peer(pingPong()));
        }
    }

    @Test
    void aFailedTestCarriesItsPeersTranscriptAndOnlyItsOwn() {
        TestExecutionSummary summary = Launched.run(FailsWithAPeer.class);
        assertEquals(1, summary.getTestsSucceededCount());
        assertEquals(1, summary.getTestsFailedCount());
        Throwable failure = summary.getFailures().get(0).getException();
        assertEquals("on purpose", failure.getMessage());
        List<Throwable> attached = Arrays.asList(failure.getSuppressed());
        assertEquals(1, attached.size(), attached.toString());
        String report = attached.get(0).getMessage();
        assertTrue(attached.get(0) instanceof PeerTranscripts);
        assertTrue(report.startsWith("transcript of scripted server 127.0.0.1:"), report);
        assertTrue(report.contains("S: HELLO parley/1 fake\nC: ping\nS: OK pong\n"), report);
        assertEquals(1, report.split("transcript of", -1).length - 1, "one peer reported: " + report);
    }

    @EnabledIf(LAUNCHED)
    static class ScriptedServerIsTheServer {
        @RegisterExtension
        static final ParleyExtension<ScriptedServer> server = ParleyExtension.of(
                () -> ScriptedServer.start(pingPong()), ScriptedServer::address);

        @Test
        void fails(Session session) {
            assertEquals("pong", session.call(Request.query("ping")).arg(0));
            fail("on purpose");
        }
    }

    @Test
    void aScriptedServerStartedByTheFactoryIsReportedToo() {
        TestExecutionSummary summary = Launched.run(ScriptedServerIsTheServer.class);
        Throwable failure = summary.getFailures().get(0).getException();
        String report = failure.getSuppressed()[0].getMessage();
        assertTrue(report.contains("C: ping\nS: OK pong\n"), report);
    }

    @Test
    void aScriptedClientTalksToTheServer() {
        ScriptedClient rude = server.scriptedClient(Script.builder()
                .expectLineMatching("HELLO parley/1 .*")
                .sendLine("nope")
                .expectLineMatching("ERR UNKNOWN_COMMAND .*")
                .close().build());
        assertTrue(rude.awaitDone(Duration.ofSeconds(5)).contains("C: nope"));
    }
}
