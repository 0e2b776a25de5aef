package dev.parley.agent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.agent.client.AgentClient;
import dev.parley.agent.client.TransferResult;
import dev.parley.agent.fs.FileEntry;
import dev.parley.agent.fs.PushWriter;
import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the agent process in the middle of a large push: the target keeps its old content, no partial
 * upload is ever visible to {@code ls}, the next agent on the same root removes the stale temporary file before it
 * serves, and the retried push succeeds with the right SHA-256.
 */
class KilledMidPushTest {

    private static final long SIZE = 64L * 1024 * 1024;
    private static final String OLD = "old and whole";

    @TempDir
    Path temp;

    @Test
    void aKilledPushLeavesTheOldFileAndNoTempAndTheRetrySucceeds() throws Exception {
        Path root = Files.createDirectories(temp.resolve("root"));
        Files.writeString(root.resolve("data.bin"), OLD);
        Path local = LargeTransferTest.writePattern(temp.resolve("data.bin"), SIZE, 0xdead);

        try (AgentProcess first = AgentProcess.start(root, "-Xmx64m")) {
            pushUntilKilled(first, local, root);
        }
        assertEquals(OLD, Files.readString(root.resolve("data.bin")), "the target holds the old file");
        List<Path> left = temps(root);
        assertEquals(1, left.size(), "the killed agent left its temporary file: " + left);
        assertTrue(Files.size(left.get(0)) > 0);

        try (AgentProcess second = AgentProcess.start(root, "-Xmx64m");
             ParleyClient client = ParleyClient.create(1);
             AgentClient agent = AgentClient.connect(client, new InetSocketAddress("127.0.0.1", second.port),
                     ClientOptions.builder().timeouts(t -> t.requestTimeout(Duration.ofSeconds(30))).build())) {
            assertEquals(List.of(), temps(root), "the stale temporary file is gone before the agent serves");
            assertEquals(List.of("data.bin"), agent.ls("/").stream().map(FileEntry::name).toList());
            assertEquals(OLD.length(), agent.stat("/data.bin").size());

            TransferResult retried = agent.push(local, "/data.bin", null, Duration.ofMinutes(1));
            String sha = AgentFixture.sha256(local);
            assertEquals(sha, retried.sha256());
            assertEquals(sha, agent.hash("/data.bin"));
            assertEquals(SIZE, Files.size(root.resolve("data.bin")));
            assertEquals(List.of(), temps(root));
        }
    }

    /** Streams the push over a raw socket until the agent has stored a quarter of it, then kills the agent. */
    private static void pushUntilKilled(AgentProcess agent, Path local, Path root) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", agent.port);
             InputStream in = Files.newInputStream(local)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("push /data.bin {" + SIZE + "}\r\n").getBytes(StandardCharsets.UTF_8));
            byte[] chunk = new byte[1 << 20];
            long sent = 0;
            while (sent < SIZE / 2) {
                int n = in.read(chunk);
                out.write(chunk, 0, n);
                sent += n;
                if (stored(root) >= SIZE / 4) {
                    break;
                }
            }
            assertTrue(AgentFixture.eventually(Duration.ofSeconds(10), () -> stored(root) >= SIZE / 4),
                    "the agent stored a quarter of the upload: " + stored(root));
            List<String> seen = lsNames(agent);
            assertFalse(seen.stream().anyMatch(n -> n.startsWith(PushWriter.TEMP_PREFIX)),
                    "ls shows no partial upload mid-push: " + seen);
            agent.kill();
            assertFalse(agent.process.isAlive());
        }
    }

    /** {@code ls /} on a second connection while the push is running. */
    private static List<String> lsNames(AgentProcess agent) throws Exception {
        try (NcClient nc = new NcClient(agent.port)) {
            NcClient.Wire reply = nc.call("ls /");
            assertTrue(reply.line().startsWith("OK"), reply.line());
            return reply.bodyText().lines().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
        }
    }

    private static long stored(Path root) {
        return temps(root).stream().mapToLong(p -> {
            try {
                return Files.size(p);
            } catch (IOException gone) {
                return 0;
            }
        }).sum();
    }

    /** Upload temporaries anywhere under the root, the agent's hidden directories included. */
    private static List<Path> temps(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> p.getFileName().toString().startsWith(PushWriter.TEMP_PREFIX)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
