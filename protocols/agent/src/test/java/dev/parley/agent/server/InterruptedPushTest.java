package dev.parley.agent.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.agent.client.AgentClient;
import dev.parley.agent.fs.PushWriter;
import dev.parley.agent.fs.Sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A push cut off half way (the client's socket closed mid-body) leaves nothing at the target; a retry succeeds. */
class InterruptedPushTest {

    private static final int SIZE = 4 * 1024 * 1024;

    @TempDir
    Path temp;

    private AgentFixture fx;
    private byte[] content;

    @BeforeEach
    void start() throws Exception {
        fx = AgentFixture.start(temp);
        content = new byte[SIZE];
        new Random(11).nextBytes(content);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void halfAPushLeavesNoFileAndTheRetrySucceeds() throws Exception {
        Files.createDirectory(fx.root.resolve("up"));
        cutOffHalfWay("push /up/data.bin {" + SIZE + "}");
        assertTrue(AgentFixture.eventually(Duration.ofSeconds(10), () -> temps(staging()).isEmpty()),
                "the temporary file is deleted: " + temps(staging()));
        assertFalse(Files.exists(fx.root.resolve("up/data.bin")));

        Path local = Files.write(temp.resolve("data.bin"), content);
        try (AgentClient agent = fx.client()) {
            assertEquals(AgentFixture.sha256(content), agent.push(local, "/up/data.bin", null).sha256());
        }
        assertArrayEquals(content, Files.readAllBytes(fx.root.resolve("up/data.bin")));
        assertEquals(List.of(), temps(fx.root.resolve("up")));
        assertEquals(List.of(), temps(staging()));
    }

    @Test
    void aCutOffOverwriteLeavesTheOldFileWhole() throws Exception {
        Files.setPosixFilePermissions(Files.writeString(fx.root.resolve("keep.txt"), "old and whole"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        cutOffHalfWay("push keep.txt {" + SIZE + "}");
        assertTrue(AgentFixture.eventually(Duration.ofSeconds(10), () -> temps(staging()).isEmpty()));
        assertEquals(List.of(), temps(fx.root));
        assertEquals("old and whole", Files.readString(fx.root.resolve("keep.txt")));
        try (NcClient nc = fx.nc()) {
            assertEquals("OK mode=0640 {13}", nc.call("pull keep.txt").line(), "the old file, its mode too");
        }
    }

    /** Sends the push line and half the body, waits until the agent is writing it, then closes the socket. */
    private void cutOffHalfWay(String line) throws Exception {
        Path dir = staging();
        try (NcClient nc = fx.nc()) {
            nc.sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            nc.sendRaw(java.util.Arrays.copyOf(content, SIZE / 2));
            assertTrue(AgentFixture.eventually(Duration.ofSeconds(10), () -> !temps(dir).isEmpty()),
                    "the agent started writing the upload");
        }
    }

    private Path staging() {
        return fx.root.resolve(Sandbox.STAGING_DIRECTORY);
    }

    private static List<Path> temps(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(PushWriter.TEMP_PREFIX)).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
