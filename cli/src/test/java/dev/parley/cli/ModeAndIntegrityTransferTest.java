package dev.parley.cli;

import dev.parley.agent.server.AgentServer;
import dev.parley.agent.server.RunningAgent;
import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.RetryPolicy;
import dev.parley.client.Session;
import dev.parley.testkit.peer.Script;
import dev.parley.testkit.peer.ScriptedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code push -r} and {@code pull -r} keep file and directory modes, a re-run fixes a mode without sending the bytes
 * again, and a pull (or the shell's {@code get}) whose bytes do not match the agent's SHA-256 fails with status 76 and
 * leaves no file.
 */
class ModeAndIntegrityTransferTest {

    private static final String HELLO = "HELLO parley/1 agent version=0.1.0";

    @TempDir
    Path root;

    @TempDir
    Path local;

    @Test
    void recursiveCopiesKeepModesBothWaysAndAReRunFixesOnlyTheMode() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path privateDir = Files.createDirectories(local.resolve("tree/private"));
        write(local.resolve("tree/run.sh"), "rwxr-xr-x");
        write(local.resolve("tree/shared.txt"), "rw-r-----");
        write(local.resolve("tree/private/key"), "rw-------");
        Files.setPosixFilePermissions(local.resolve("tree"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setPosixFilePermissions(privateDir, PosixFilePermissions.fromString("rwx------"));
        try (RunningAgent agent = AgentServer.builder().root(root).server(o -> o.port(0)).build().start()) {
            String target = "127.0.0.1:" + agent.port();
            CliRun push = CliRun.run("push", "-r", local.resolve("tree").toString(), target + ":/dst/");
            assertEquals(ExitStatus.OK, push.status, push.toString());
            assertModes(root.resolve("dst/tree"));

            Path into = Files.createDirectories(local.resolve("pulled"));
            CliRun pull = CliRun.run("pull", "-r", target + ":/dst/tree", into.toString());
            assertEquals(ExitStatus.OK, pull.status, pull.toString());
            assertModes(into.resolve("tree"));

            Files.setPosixFilePermissions(local.resolve("tree/shared.txt"),
                    PosixFilePermissions.fromString("r--------"));
            CliRun again = CliRun.run("push", "-r", local.resolve("tree").toString(), target + ":/dst/");
            assertEquals(ExitStatus.OK, again.status, again.toString());
            assertTrue(again.err.contains("push: 0 sent, 3 skipped (identical), 0 failed; 0 bytes"), again.err);
            assertEquals("r--------", mode(root.resolve("dst/tree/shared.txt")), "the mode, without the bytes");

            Files.setPosixFilePermissions(into.resolve("tree/run.sh"), PosixFilePermissions.fromString("rw-------"));
            CliRun pullAgain = CliRun.run("pull", "-r", target + ":/dst/tree", into.toString());
            assertEquals(ExitStatus.OK, pullAgain.status, pullAgain.toString());
            assertTrue(pullAgain.err.contains("pull: 0 received, 3 skipped (identical), 0 failed"), pullAgain.err);
            assertEquals("rwxr-xr-x", mode(into.resolve("tree/run.sh")), "the mode, without the bytes");
        }
    }

    @Test
    void aPullWhoseBytesDifferFromTheAgentsDigestExits76AndLeavesNoFile() throws Exception {
        try (ScriptedServer peer = ScriptedServer.start(Script.builder()
                .sendLine(HELLO)
                .expectLineMatching("stat \\S*run\\.log")
                .sendLine("OK f 12 1700000000000 mode=0644")
                .expectLineMatching("pull \\S*run\\.log")
                .send("OK mode=0644 {12}\nhello wOrld\n")
                .expectLineMatching("hash \\S*run\\.log sha256")
                .sendLine("OK " + sha256("hello world\n"))
                .drainUntilEof()
                .build())) {
            Path dest = local.resolve("run.log");
            CliRun pull = CliRun.run("pull", "--retries", "0", "127.0.0.1:" + peer.port() + ":/run.log",
                    dest.toString());
            assertEquals(ExitStatus.PROTOCOL, pull.status, pull.toString());
            assertTrue(pull.err.contains("differs from the agent's " + sha256("hello world\n")), pull.err);
            assertTrue(pull.err.contains("pull: 0 received, 0 skipped (identical), 1 failed"), pull.err);
            assertEquals(List.of(), list(local), "no destination, no temporary file");
        }
    }

    @Test
    void theShellsGetChecksTheDigestToo() throws Exception {
        try (ScriptedServer peer = ScriptedServer.start(Script.builder()
                .sendLine(HELLO)
                .expectLineMatching("pull \\S*run\\.log")
                .send("OK {12}\nhello wOrld\n")
                .expectLineMatching("hash \\S*run\\.log sha256")
                .sendLine("OK " + sha256("hello world\n"))
                .drainUntilEof()
                .build());
             ParleyClient client = ParleyClient.create(1)) {
            Session session = client.connect(peer.address(), ClientOptions.builder()
                    .retries(r -> r.policy(RetryPolicy.never())).build());
            RecordingOutput out = new RecordingOutput();
            ShellLines shell = new ShellLines(session, Duration.ofSeconds(10), new LocalPaths(local, local), out,
                    () -> { });
            shell.run("get /run.log copy.log");
            assertTrue(out.last().contains("differs from the agent's"), out.toString());
            assertEquals(List.of(), list(local), "no destination, no temporary file");
            session.close();
        }
    }

    private static void assertModes(Path tree) throws Exception {
        assertEquals("rwxr-x---", mode(tree));
        assertEquals("rwx------", mode(tree.resolve("private")));
        assertEquals("rwxr-xr-x", mode(tree.resolve("run.sh")));
        assertEquals("rw-r-----", mode(tree.resolve("shared.txt")));
        assertEquals("rw-------", mode(tree.resolve("private/key")));
    }

    private static void write(Path file, String mode) throws Exception {
        Files.writeString(file, "contents of " + file.getFileName());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
