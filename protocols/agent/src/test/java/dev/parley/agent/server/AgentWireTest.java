package dev.parley.agent.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.agent.server.NcClient.Wire;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every verb over a plain socket, CR LF line ends, as {@code nc -C} would send them. */
class AgentWireTest {

    @TempDir
    Path temp;

    private AgentFixture fx;
    private NcClient nc;

    @BeforeEach
    void start() throws Exception {
        fx = AgentFixture.start(temp);
        nc = fx.nc();
    }

    @AfterEach
    void stop() throws Exception {
        nc.close();
        fx.close();
    }

    @Test
    void greetingNamesTheAgentServiceAndVersion() {
        assertEquals("HELLO parley/1 agent version=" + AgentServer.VERSION, nc.greeting());
    }

    @Test
    void pingTimeAndInfoAnswerFromTheAgent() throws Exception {
        assertEquals("OK pong", nc.call("ping").line());
        assertEquals("OK pong", nc.call("PING").line());

        long before = System.currentTimeMillis();
        String[] time = nc.call("time").line().split(" ");
        assertEquals("OK", time[0]);
        long millis = Long.parseLong(time[1]);
        assertTrue(millis >= before && millis <= System.currentTimeMillis(), time[1]);
        assertEquals(Instant.ofEpochMilli(millis), Instant.parse(time[2]));

        Wire info = nc.call("info");
        assertTrue(info.line().matches("OK \\{\\d+}"), info.line());
        String text = info.bodyText();
        for (String key : List.of("version=" + AgentServer.VERSION, "protocol=parley/1", "os.name=", "os.arch=",
                "os.version=", "java.version=", "hostname=", "root=" + fx.root, "uptime.ms=", "time=")) {
            assertTrue(text.contains("\n" + key) || text.startsWith(key), key + " in\n" + text);
        }
    }

    @Test
    void cwdAndCdFollowTheSessionAndStayPerConnection() throws Exception {
        Files.createDirectories(fx.root.resolve("logs/2024"));
        assertEquals("OK /", nc.call("cwd").line());
        assertEquals("OK /logs", nc.call("cd logs").line());
        assertEquals("OK /logs/2024", nc.call("cd 2024").line());
        assertEquals("OK /logs", nc.call("cd ..").line());
        assertEquals("OK /logs", nc.call("cwd").line());
        assertTrue(nc.call("cd nowhere").line().startsWith("ERR NOT_FOUND"));
        try (NcClient other = fx.nc()) {
            assertEquals("OK /", other.call("cwd").line());
        }
    }

    @Test
    void lsListsTypeSizeMtimeAndQuotedNames() throws Exception {
        Files.createDirectory(fx.root.resolve("dir"));
        Path file = Files.writeString(fx.root.resolve("my file.txt"), "hello");
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_123L));
        Files.createSymbolicLink(fx.root.resolve("link"), Path.of("dir"));

        Wire ls = nc.call("ls");
        String dirMtime = Long.toString(Files.getLastModifiedTime(fx.root.resolve("dir")).toMillis());
        String[] lines = ls.bodyText().split("\n");
        assertEquals(3, lines.length, ls.bodyText());
        assertTrue(lines[0].matches("d \\d+ " + dirMtime + " dir"), lines[0]);
        assertTrue(lines[1].matches("l \\d+ \\d+ link"), lines[1]);
        assertEquals("f 5 1700000000123 \"my file.txt\"", lines[2]);
        assertEquals(ls.bodyText(), nc.call("ls /").bodyText());
        assertEquals("OK {0}", nc.call("ls dir").line());
        assertTrue(nc.call("ls missing").line().startsWith("ERR NOT_FOUND"));
    }

    @Test
    void statAnswersTypeSizeMtimeOrNotFound() throws Exception {
        Path file = Files.writeString(fx.root.resolve("a.txt"), "12345");
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_600_000_000_000L));
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals("OK f 5 1600000000000 mode=0644", nc.call("stat a.txt").line());
        assertTrue(nc.call("stat /").line().startsWith("OK d "));
        assertEquals("ERR NOT_FOUND", nc.call("stat /logs/run.txt").line().substring(0, 13));
    }

    @Test
    void hashDefaultsToSha256AndOffersMd5() throws Exception {
        byte[] content = "hash me\n".getBytes(StandardCharsets.UTF_8);
        Files.write(fx.root.resolve("h.txt"), content);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        assertEquals("OK " + sha, nc.call("hash h.txt").line());
        assertEquals("OK " + sha, nc.call("hash /h.txt sha256").line());
        assertEquals("OK " + md5, nc.call("hash h.txt MD5").line());
        assertTrue(nc.call("hash h.txt crc32").line().startsWith("ERR BAD_ARGS"));
    }

    @Test
    void pushStoresAtomicallyAndPullStreamsItBackWithRanges() throws Exception {
        Wire push = nc.callWithBody("push /notes.txt mode=0640", "hello world\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("OK a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447 12", push.line());
        assertEquals("hello world\n", Files.readString(fx.root.resolve("notes.txt")));

        Wire pull = nc.call("pull /notes.txt");
        assertEquals("OK mode=0640 {12}", pull.line());
        assertEquals("hello world\n", pull.bodyText());
        assertEquals("world\n", nc.call("pull notes.txt 6").bodyText());
        assertEquals("wor", nc.call("pull notes.txt 6 3").bodyText());
        assertEquals("OK mode=0640 {0}", nc.call("pull notes.txt 12").line());
        assertTrue(nc.call("pull notes.txt 13").line().startsWith("ERR BAD_ARGS"));
        assertTrue(nc.call("pull notes.txt x").line().startsWith("ERR BAD_ARGS"));
        assertTrue(nc.call("pull nothing").line().startsWith("ERR NOT_FOUND"));

        byte[] binary = new byte[300_000];
        new java.util.Random(7).nextBytes(binary);
        Wire deep = nc.callWithBody("push a/b/c.bin", binary);
        assertEquals("OK " + AgentFixture.sha256(binary) + " 300000", deep.line());
        assertArrayEquals(binary, nc.call("pull /a/b/c.bin").body());
        assertEquals("OK e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 0",
                nc.callWithBody("push empty", new byte[0]).line());
        assertEquals(0, Files.size(fx.root.resolve("empty")));
        assertTrue(nc.callWithBody("push a", binary).line().startsWith("ERR EXISTS"), "a is a directory");
        assertEquals("OK pong", nc.call("ping").line(), "the stream stays in sync after a refused body");
    }

    @Test
    void mkdirIsIdempotentAndCreatesParents() throws Exception {
        assertEquals("OK", nc.call("mkdir x/y/z").line());
        assertEquals("OK", nc.call("mkdir /x/y/z").line());
        assertTrue(Files.isDirectory(fx.root.resolve("x/y/z")));
        Files.writeString(fx.root.resolve("file"), "f");
        assertTrue(nc.call("mkdir file").line().startsWith("ERR EXISTS"));
    }

    @Test
    void rmTakesTheRecursiveFlagBeforeOrAfterThePath() throws Exception {
        Files.createDirectories(fx.root.resolve("t1/sub"));
        Files.writeString(fx.root.resolve("t1/sub/f"), "x");
        Files.createDirectories(fx.root.resolve("t2/sub"));
        Files.writeString(fx.root.resolve("t2/sub/f"), "x");
        Files.createDirectory(fx.root.resolve("empty"));
        Files.writeString(fx.root.resolve("plain"), "x");

        assertTrue(nc.call("rm t1").line().startsWith("ERR FAILED"), "non-empty without -r");
        assertTrue(Files.exists(fx.root.resolve("t1/sub/f")));
        assertEquals("OK", nc.call("rm -r t1").line());
        assertEquals("OK", nc.call("rm t2 -r").line());
        assertEquals("OK", nc.call("rm empty").line());
        assertEquals("OK", nc.call("rm /plain").line());
        assertFalse(Files.exists(fx.root.resolve("t1")) || Files.exists(fx.root.resolve("t2"))
                || Files.exists(fx.root.resolve("empty")) || Files.exists(fx.root.resolve("plain")));
        assertTrue(nc.call("rm plain").line().startsWith("ERR NOT_FOUND"));
        assertTrue(nc.call("rm a b").line().startsWith("ERR BAD_ARGS"));
        assertTrue(nc.call("rm -r /").line().startsWith("ERR DENIED"));
    }

    @Test
    void mvRenamesAndMovesIntoDirectories() throws Exception {
        Files.writeString(fx.root.resolve("a.txt"), "A");
        Files.createDirectory(fx.root.resolve("dir"));
        assertEquals("OK", nc.call("mv a.txt b.txt").line());
        assertEquals("OK", nc.call("mv /b.txt dir").line());
        assertEquals("A", Files.readString(fx.root.resolve("dir/b.txt")));
        assertTrue(nc.call("mv gone x").line().startsWith("ERR NOT_FOUND"));
    }

    @Test
    void execIsRefusedWhenTheAgentHasNoAllowList() throws Exception {
        assertTrue(nc.call("exec echo hi").line().startsWith("ERR DENIED"));
    }

    @Test
    void helpListsTheAgentVerbsAndQuitSaysBye() throws Exception {
        String help = nc.call("help").bodyText();
        for (String verb : List.of("info", "time", "cwd", "cd", "ls", "stat", "hash", "pull", "push", "mkdir", "rm",
                "mv", "exec")) {
            assertTrue(help.contains(verb), verb + " in\n" + help);
        }
        assertTrue(nc.call("ls a b c").line().startsWith("ERR BAD_ARGS"));
        assertTrue(nc.call("frobnicate").line().startsWith("ERR UNKNOWN_COMMAND"));
        assertEquals("BYE QUIT", nc.call("quit").line());
        assertNull(nc.readLine());
    }
}
