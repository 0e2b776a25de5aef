package dev.parley.agent.server;

import dev.parley.agent.client.AgentClient;
import dev.parley.agent.client.AgentException;
import dev.parley.agent.fs.FileEntry;
import dev.parley.client.ClientOptions;
import dev.parley.client.spi.ClientProtocol;
import dev.parley.client.DeadlineExceededException;
import dev.parley.client.Session;
import dev.parley.testkit.proxy.Direction;
import dev.parley.testkit.proxy.Fault;
import dev.parley.testkit.proxy.FaultProxy;
import dev.parley.testkit.server.ParleyExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The agent under the testkit's JUnit extension, as docs/TESTKIT.md shows it, with a proxy in front. */
class AgentExtensionTest {

    private static final Path ROOT = newRoot();

    @RegisterExtension
    static final ParleyExtension<RunningAgent> agent = ParleyExtension
            .of(() -> AgentServer.builder().root(ROOT).server(s -> s.port(0)).build().start(),
                    RunningAgent::localAddress)
            .withProxy()
            .clientOptions(ClientOptions.builder().protocol(ClientProtocol.parley(AgentServer.SERVICE))
                    .timeouts(t -> t.requestTimeout(Duration.ofSeconds(1))).build());

    @AfterAll
    static void removeRoot() throws IOException {
        try (Stream<Path> paths = Files.walk(ROOT)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void injectedSessionTalksToTheAgentThroughTheProxy(Session session, RunningAgent handle) throws IOException {
        Files.writeString(handle.root().resolve("notes.txt"), "hello\n");
        List<FileEntry> entries = AgentClient.over(session).ls("/");
        assertEquals(List.of("notes.txt"), entries.stream().map(FileEntry::name).toList());
        assertEquals(agent.proxy().address(), session.remoteAddress(), "the session goes through the proxy");
    }

    @Test
    void heldRepliesEndTheCallByItsDeadline(Session session, FaultProxy proxy) {
        AgentClient client = AgentClient.over(session);
        client.ping();
        proxy.add(Fault.stall().direction(Direction.DOWN));
        AgentException e = assertThrows(AgentException.class, client::ping);
        assertInstanceOf(DeadlineExceededException.class, e.getCause(), "the typed client error inside");
    }

    private static Path newRoot() {
        try {
            return Files.createTempDirectory("agent-extension");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
