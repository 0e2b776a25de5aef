package dev.parley.cli;

import dev.parley.agent.server.AgentServer;
import dev.parley.agent.server.RunningAgent;
import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shell's put and get, and its line handling around them, against a real agent on loopback. */
class ShellTransfersTest {

    @TempDir
    Path root;

    @TempDir
    Path local;

    @TempDir
    Path home;

    private RunningAgent agent;
    private ParleyClient client;
    private Session session;
    private final RecordingOutput out = new RecordingOutput();
    private final AtomicInteger linesRun = new AtomicInteger();
    private ShellLines shell;

    @BeforeEach
    void start() throws Exception {
        agent = AgentServer.builder().root(root).server(s -> s.port(0)).build().start();
        client = ParleyClient.create(1);
        session = client.connect(new InetSocketAddress("127.0.0.1", agent.port()), ClientOptions.defaults());
        shell = new ShellLines(session, Duration.ofSeconds(30), new LocalPaths(local, home), out,
                linesRun::incrementAndGet);
    }

    @AfterEach
    void stop() {
        if (session != null) {
            session.close();
        }
        if (client != null) {
            client.close();
        }
        agent.close();
    }

    @Test
    void putThenGetRoundTripsTheBytesAndTheSha256Matches() throws Exception {
        byte[] data = new byte[1024 * 1024 + 3];
        new Random(11).nextBytes(data);
        Path file = local.resolve("data.bin");
        Files.write(file, data);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));

        assertTrue(shell.run("put " + file + " /up/data.bin"));
        assertTrue(out.last().startsWith("ok: put " + file + " -> /up/data.bin: 1048579 bytes in "), out.toString());
        assertTrue(out.last().contains("sha256 " + sha), out.toString());
        assertArrayEquals(data, Files.readAllBytes(root.resolve("up/data.bin")));

        Path back = local.resolve("back.bin");
        assertTrue(shell.run("get /up/data.bin " + back));
        assertTrue(out.last().startsWith("ok: get /up/data.bin -> " + back + ": 1048579 bytes in "), out.toString());
        assertTrue(out.last().contains("sha256 " + sha), out.toString());
        assertArrayEquals(data, Files.readAllBytes(back));
        assertEquals(2, linesRun.get(), "the completion cache is dropped after each line");
    }

    @Test
    void relativeRemotePathsAreInTheWorkingDirectoryAndDirectoriesKeepTheName() throws Exception {
        Files.writeString(local.resolve("a.txt"), "alpha\n");
        assertTrue(shell.run("mkdir /work"));
        assertTrue(shell.run("cd /work"));
        assertTrue(shell.run("put " + local.resolve("a.txt")));
        assertEquals("alpha\n", Files.readString(root.resolve("work/a.txt")), out.toString());
        assertTrue(shell.run("mkdir sub"));
        assertTrue(shell.run("put " + local.resolve("a.txt") + " sub"));
        assertEquals("alpha\n", Files.readString(root.resolve("work/sub/a.txt")), out.toString());
        assertTrue(shell.run("put " + local.resolve("a.txt") + " new/"));
        assertEquals("alpha\n", Files.readString(root.resolve("work/new/a.txt")), out.toString());

        Path into = Files.createDirectory(local.resolve("into"));
        assertTrue(shell.run("get sub/a.txt " + into));
        assertEquals("alpha\n", Files.readString(into.resolve("a.txt")), out.toString());
        assertTrue(shell.run("get a.txt"));
        assertEquals("alpha\n", Files.readString(local.resolve("a.txt")), out.toString());
    }

    @Test
    void aTildeIsTheHomeDirectory() throws Exception {
        Files.writeString(home.resolve("h.txt"), "home\n");
        assertTrue(shell.run("put ~/h.txt /h.txt"));
        assertEquals("home\n", Files.readString(root.resolve("h.txt")), out.toString());
        assertTrue(shell.run("get /h.txt ~/copy.txt"));
        assertEquals("home\n", Files.readString(home.resolve("copy.txt")), out.toString());
    }

    @Test
    void putOfAMissingLocalFileIsAnErrorLineAndTheShellGoesOn() {
        assertTrue(shell.run("put " + local.resolve("nope") + " /x"), "the shell goes on");
        assertEquals("local: error: put: " + local.resolve("nope") + ": no such local file", out.last());
        assertFalse(Files.exists(root.resolve("x")));
        assertTrue(shell.run("ping"));
        assertEquals("ok: OK pong", out.last(), out.toString());
        assertTrue(shell.run("put"));
        assertEquals("local: error: usage: put LOCAL [REMOTE]", out.last());
        assertTrue(shell.run("put " + local));
        assertTrue(out.last().endsWith("is a directory (put copies one file)"), out.toString());
    }

    @Test
    void getOfAMissingRemoteFileIsTheAgentsErrorAndLeavesNothingBehind() throws Exception {
        assertTrue(shell.run("get /missing.txt " + local.resolve("m.txt")));
        assertTrue(out.last().startsWith("remote: ERR NOT_FOUND"), out.toString());
        try (var files = Files.list(local)) {
            assertEquals(0, files.count(), "no file or temporary file is left");
        }
        assertTrue(shell.run("get /a " + local.resolve("no/such/dir/a")));
        assertTrue(out.last().endsWith("no such local directory"), out.toString());
    }

    @Test
    void helpListsPutAndGetAfterTheAgentsCommandsAndQuitEndsTheShell() {
        assertTrue(shell.run("help"));
        assertTrue(out.last().startsWith("body: shell: put LOCAL [REMOTE]"), out.toString());
        assertTrue(out.last().contains("shell: get REMOTE [LOCAL]"), out.toString());
        assertFalse(shell.run("quit"));
        assertFalse(shell.run("EXIT"));
    }
}
