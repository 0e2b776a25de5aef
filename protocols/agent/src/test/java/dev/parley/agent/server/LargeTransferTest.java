package dev.parley.agent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.agent.client.AgentClient;
import dev.parley.agent.client.TransferResult;
import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        Process agent = startAgent(root);
        try (ParleyClient client = ParleyClient.create(1);
             AgentClient ac = AgentClient.connect(client, new InetSocketAddress("127.0.0.1", awaitPort(agent)),
                     ClientOptions.builder().requestTimeout(Duration.ofSeconds(30)).build())) {
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
        } finally {
            stop(agent);
        }
    }

    private Process startAgent(Path root) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of(java, AGENT_HEAP, "-cp", cp, AgentMain.class.getName(), root.toString());
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE).start();
    }

    /** Reads the agent's output until the port line (within a bound); keeps draining it afterwards. */
    private static int awaitPort(Process agent) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(agent.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith(AgentMain.PORT_LINE)) {
                        port.complete(Integer.parseInt(line.substring(AgentMain.PORT_LINE.length()).trim()));
                    } else if (seen.size() < 200) {
                        seen.add(line);
                    }
                }
                port.completeExceptionally(new IllegalStateException("agent exited: " + seen));
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
        }, "agent-output");
        reader.setDaemon(true);
        reader.start();
        return port.get(30, TimeUnit.SECONDS);
    }

    private static void stop(Process agent) throws Exception {
        try (OutputStream stdin = agent.getOutputStream()) {
            stdin.flush();
        }
        if (!agent.waitFor(10, TimeUnit.SECONDS)) {
            agent.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** A seeded, non-repeating byte pattern, written a MiB at a time. */
    private static Path writePattern(Path file, long size, long seed) throws IOException {
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
