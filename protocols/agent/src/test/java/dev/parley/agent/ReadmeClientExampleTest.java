package dev.parley.agent;

import dev.parley.agent.server.AgentServer;
import dev.parley.agent.server.RunningAgent;
import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.RemoteErrorException;
import dev.parley.client.Reply;
import dev.parley.client.Request;
import dev.parley.client.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's "Using the client" code, run against a real agent; the README must show it word for word. */
class ReadmeClientExampleTest {

    @TempDir
    Path root;

    // --- example start ---
    static List<String> example(InetSocketAddress agent) {
        List<String> out = new ArrayList<>();
        try (ParleyClient client = ParleyClient.create()) {        // event loops and timers: once per program
            ClientOptions options = ClientOptions.builder()
                    .timeouts(t -> t.requestTimeout(Duration.ofSeconds(10)))   // each call's deadline, retries included
                    .onConnect(setup -> setup.send(Request.query("cd", "/logs")))  // replayed on every reconnect
                    .build();
            try (Session session = client.connect(agent, options)) {
                Reply cwd = session.call(Request.query("cwd"));            // a query may be retried
                out.add(cwd.arg(0));                                        // "/logs"
                Reply listing = session.call(Request.query("ls"));
                out.add(listing.bodyAsString());                            // "f 6 <mtime> run.txt\n"
                session.call(Request.action("rm", "run.txt"));              // an action never runs twice
                try {
                    session.call(Request.query("stat", "run.txt"));
                } catch (RemoteErrorException e) {
                    out.add(e.errorCode().name());                          // "NOT_FOUND"
                }
            }
        }
        return out;
    }
    // --- example end ---

    @Test
    void exampleRunsAgainstARealAgent() throws Exception {
        Files.createDirectories(root.resolve("logs"));
        Files.writeString(root.resolve("logs/run.txt"), "hello\n");
        try (RunningAgent agent = AgentServer.builder().root(root).server(s -> s.port(0)).build().start()) {
            List<String> out = example(new InetSocketAddress("127.0.0.1", agent.port()));
            assertEquals("/logs", out.get(0));
            assertTrue(out.get(1).matches("f 6 \\d+ run\\.txt\n"), out.get(1));
            assertEquals("NOT_FOUND", out.get(2));
        }
    }

    @Test
    void readmeShowsTheExampleWordForWord() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("..", "..", "README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("### Using the client");
        assertTrue(section >= 0, "README has the section");
        int start = readme.subList(section, readme.size()).indexOf("```java") + section + 1;
        int end = readme.subList(start, readme.size()).indexOf("```") + start;
        List<String> source = Files.readAllLines(
                Path.of("src", "test", "java", "dev", "parley", "agent", "ReadmeClientExampleTest.java"),
                StandardCharsets.UTF_8);
        int from = source.indexOf("    // --- example start ---") + 1;
        int to = source.indexOf("    // --- example end ---");
        List<String> tested = new ArrayList<>();
        for (String line : source.subList(from, to)) {
            tested.add(line.startsWith("    ") ? line.substring(4) : line);
        }
        assertEquals(tested, readme.subList(start, end));
    }
}
