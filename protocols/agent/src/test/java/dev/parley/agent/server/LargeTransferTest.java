package dev.parley.agent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.agent.client.AgentClient;
import dev.parley.agent.client.TransferResult;
import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push and pull of a file larger than the agent's heap: the agent runs in a forked JVM with {@code -Xmx64m} and
 * moves 160 MiB each way, so neither direction may hold the file in memory. SHA-256 is checked both ways.
 */
class LargeTransferTest {

    private static final long SIZE = 160L * 1024 * 1024;
    private static final String AGENT_HEAP = "-Xmx64m";

    @TempDir
    Path temp;

    @Test
    void fileLargerThanTheAgentHeapGoesBothWaysIntact() throws Exception {
        Path root = Files.createDirectories(temp.resolve("root"));
        Path local = writePattern(temp.resolve("big.bin"), SIZE, 0x5eed);
        String sha = AgentFixture.sha256(local);
        try (AgentProcess agent = AgentProcess.start(root, AGENT_HEAP);
             ParleyClient client = ParleyClient.create(1);
             AgentClient ac = AgentClient.connect(client, new InetSocketAddress("127.0.0.1", agent.port),
                     ClientOptions.builder().timeouts(t -> t.requestTimeout(Duration.ofSeconds(30))).build())) {
            TransferResult up = ac.push(local, "/big/big.bin", null, Duration.ofMinutes(2));
            assertEquals(SIZE, up.length());
            assertEquals(sha, up.sha256());
            assertEquals(sha, AgentFixture.sha256(root.resolve("big/big.bin")));
            assertEquals(sha, ac.hash("/big/big.bin"));

            Path back = temp.resolve("back.bin");
            TransferResult down = ac.pull("/big/big.bin", back, null, Duration.ofMinutes(2));
            assertEquals(SIZE, down.length());
            assertEquals(sha, down.sha256());
            assertEquals(sha, AgentFixture.sha256(back));
            assertEquals(SIZE, Files.size(back));
            assertTrue(ac.info().get("java.version") != null, "the agent is still serving");
        }
    }

    /** A seeded, non-repeating byte pattern, written a MiB at a time. */
    static Path writePattern(Path file, long size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] block = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= block.length) {
                for (int i = 0; i < block.length; i += 8) {
                    long v = random.nextLong();
                    for (int j = 0; j < 8; j++) {
                        block[i + j] = (byte) (v >>> (8 * j));
                    }
                }
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return file;
    }
}
