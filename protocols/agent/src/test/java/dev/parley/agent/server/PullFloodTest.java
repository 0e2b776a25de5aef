package dev.parley.agent.server;

import dev.parley.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A client that pipelines thousands of {@code pull}s and never reads: the agent opens a file only when its reply is
 * about to be written, so the descriptors it holds for that connection stay a handful, and other clients are served.
 */
class PullFloodTest {

    /** What one connection may hold open (Limits.DEFAULT_MAX_OPEN_FILES) plus its running requests' brief opens. */
    private static final int BOUND = 4 + 8;

    @TempDir
    Path temp;

    @Test
    void pipelinedPullsThatAreNeverReadHoldAHandfulOfFiles() throws Exception {
        try (AgentFixture fx = AgentFixture.start(temp)) {
            Path big = Files.write(fx.root.resolve("big.bin"), new byte[1 << 20]);
            try (Socket flood = new Socket()) {
                flood.setReceiveBufferSize(4096);
                flood.connect(new InetSocketAddress("127.0.0.1", fx.agent.port()), 5_000);
                OutputStream out = flood.getOutputStream();
                out.write("pull /big.bin\r\n".repeat(5_000).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Await.until(Duration.ofSeconds(10), "the agent sends the first reply's file", () -> openCount(big) > 0);
                assertFalse(Await.eventually(Duration.ofSeconds(2), () -> openCount(big) > BOUND),
                        "descriptors on " + big + ": " + openCount(big) + " (expected: <= " + BOUND + ")");
                try (NcClient other = fx.nc()) {
                    assertEquals("HELLO parley/1 agent version=" + AgentServer.VERSION, other.greeting());
                    assertEquals("OK pong", other.call("ping").line());
                }
            }
        }
    }

    /** Counts this JVM's descriptors open on the file. */
    private static int openCount(Path file) {
        Path target = file.toAbsolutePath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(target);
                } catch (IOException e) {
                    return false; // closed while listing
                }
            }).count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
