package dev.parley.agent.server;

import dev.parley.agent.fs.Sandbox;
import dev.parley.server.ParleyServer;
import dev.parley.testkit.server.conformance.ProtocolConformance;
import dev.parley.testkit.server.conformance.Sample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The automation agent runs the whole conformance suite: its own router, greeting and limits (as
 * {@link AgentServer#start()} serves them), each connection on a fresh, empty root. The samples include a push with
 * a counted body and a pull answered with one.
 */
class AgentConformanceTest extends ProtocolConformance {

    @TempDir
    Path temp;

    private final List<Sandbox> sandboxes = new ArrayList<>();

    @Override
    protected ParleyServer server() {
        try {
            Path root = Files.createTempDirectory(temp, "root");
            Sandbox sandbox = Sandbox.of(root);
            sandboxes.add(sandbox);
            AgentServer options = AgentServer.builder().root(root).build();
            return options.parleyServer(new AgentRouter(sandbox, options.execPolicy(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void closeSandboxes() {
        closeConnections();
        sandboxes.forEach(Sandbox::close);
    }

    @Override
    protected List<Sample> samples() {
        return List.of(
                Sample.of("ping\n", "OK pong\n"),
                Sample.of("cwd\n", "OK /\n"),
                Sample.of("mkdir logs\n", "OK\n"),
                Sample.of("cd logs\r\n", "OK /logs\n"),
                Sample.of("push notes.txt mode=0640 {12}\nhello world\n",
                        "OK a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447 12\n"),
                Sample.of("pull notes.txt 6\n", "OK mode=0640 {6}\nworld\n"),
                Sample.of("hash /logs/notes.txt\n",
                        "OK a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447\n"),
                Sample.of("pull missing\n", "ERR NOT_FOUND pull /logs/missing: no such file\n"),
                Sample.of("nope\n", "ERR UNKNOWN_COMMAND nope\n"));
    }
}
