package dev.parley.agent.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.agent.client.AgentClient;
import dev.parley.agent.client.AgentDeniedException;
import dev.parley.agent.client.AgentException;
import dev.parley.agent.client.AgentNotFoundException;
import dev.parley.agent.client.AgentVerbs;
import dev.parley.agent.client.TransferResult;
import dev.parley.agent.fs.EntryType;
import dev.parley.agent.fs.FileEntry;
import dev.parley.agent.fs.HashAlgorithm;
import dev.parley.client.ParleyClientException;
import dev.parley.client.ProgressListener;
import dev.parley.client.Request;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every verb end to end through the typed client against a real agent on loopback. */
class AgentClientTest {

    @TempDir
    Path temp;

    private AgentFixture fx;
    private AgentClient agent;

    @BeforeEach
    void start() throws Exception {
        fx = AgentFixture.start(temp);
        agent = fx.client();
    }

    @AfterEach
    void stop() {
        agent.close();
        fx.close();
    }

    @Test
    void pingInfoAndTime() {
        assertTrue(agent.ping().compareTo(Duration.ofSeconds(5)) < 0);
        Map<String, String> info = agent.info();
        assertEquals(AgentServer.VERSION, info.get("version"));
        assertEquals("parley/1", info.get("protocol"));
        assertEquals(fx.root.toString(), info.get("root"));
        assertEquals(System.getProperty("java.version"), info.get("java.version"));
        assertTrue(Long.parseLong(info.get("uptime.ms")) >= 0);
        assertEquals(List.of("version", "protocol", "os.name", "os.arch", "os.version", "java.version", "hostname",
                "root", "modes", "uptime.ms", "time", "requests", "errors", "connections", "connections_total",
                "connections_refused", "requests_held", "bytes_in", "bytes_out"), List.copyOf(info.keySet()));
        Instant before = Instant.now().minusMillis(1);
        Instant t = agent.time();
        assertFalse(t.isBefore(before) || t.isAfter(Instant.now().plusMillis(1)), t.toString());
    }

    @Test
    void infoReportsTheTrafficCounters() {
        agent.ping();
        Map<String, String> first = agent.info();
        long requests = Long.parseLong(first.get("requests"));
        assertTrue(requests >= 1, "the ping is counted: " + first);
        assertEquals("1", first.get("connections"), "this client's connection is open");
        assertTrue(Long.parseLong(first.get("bytes_in")) > 0, "bytes in: " + first);
        assertTrue(Long.parseLong(first.get("bytes_out")) > 0, "bytes out: " + first);
        assertThrows(AgentException.class, () -> agent.cd("/no/such/dir"));
        Map<String, String> second = agent.info();
        assertEquals(requests + 2, Long.parseLong(second.get("requests")), "the first info and the cd: " + second);
        assertEquals(Long.parseLong(first.get("errors")) + 1, Long.parseLong(second.get("errors")), second.toString());
        assertTrue(Long.parseLong(second.get("bytes_out")) > Long.parseLong(first.get("bytes_out")),
                "the first info's reply went out");
    }

    @Test
    void cdResolvesRelativePathsAndCwdReportsIt() throws Exception {
        Files.createDirectories(fx.root.resolve("logs/2024"));
        assertEquals("/", agent.cwd());
        assertEquals("/logs", agent.cd("logs"));
        assertEquals("/logs/2024", agent.cd("2024"));
        assertEquals("/logs", agent.cd(".."));
        assertEquals("/logs", agent.cwd());
        assertThrows(AgentNotFoundException.class, () -> agent.cd("missing"));
        Files.writeString(fx.root.resolve("logs/file"), "x");
        AgentException notDir = assertThrows(AgentException.class, () -> agent.cd("file"));
        assertEquals("FAILED", notDir.code());
        assertEquals("/logs", agent.cwd());
    }

    @Test
    void workingDirectoryIsRestoredAfterTheConnectionIsLost() throws Exception {
        Files.createDirectories(fx.root.resolve("work"));
        Files.writeString(fx.root.resolve("work/marker"), "m");
        agent.cd("/work");
        assertEquals("CONNECTION_LOST", assertThrows(ParleyClientException.class,
                () -> agent.session().call(Request.action("quit"))).code());
        assertEquals(List.of("marker"), agent.ls().stream().map(FileEntry::name).toList());
        assertEquals("/work", agent.cwd());
    }

    @Test
    void lsAndStatDescribeEntries() throws Exception {
        Files.createDirectory(fx.root.resolve("dir"));
        Path file = Files.writeString(fx.root.resolve("name with \"quotes\" and spaces"), "12345");
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L));
        Files.createSymbolicLink(fx.root.resolve("link"), Path.of("dir"));
        List<FileEntry> entries = agent.ls();
        assertEquals(List.of("dir", "link", "name with \"quotes\" and spaces"),
                entries.stream().map(FileEntry::name).toList());
        assertEquals(List.of(EntryType.DIRECTORY, EntryType.LINK, EntryType.FILE),
                entries.stream().map(FileEntry::type).toList());
        assertEquals(new FileEntry(EntryType.FILE, 5, 1_700_000_000_000L, "name with \"quotes\" and spaces"),
                entries.get(2));
        assertEquals(entries, agent.ls("/"));
        assertEquals(List.of(), agent.ls("dir"));
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        assertEquals(new FileEntry(EntryType.FILE, 5, 1_700_000_000_000L, "name with \"quotes\" and spaces", 0640),
                agent.stat("/name with \"quotes\" and spaces"), "stat reports the mode; ls does not");
        assertEquals(EntryType.LINK, agent.stat("link").type());
        assertEquals("dir", agent.stat("/dir/").name());
        AgentNotFoundException e = assertThrows(AgentNotFoundException.class, () -> agent.stat("/nope"));
        assertEquals("NOT_FOUND", e.code());
        assertThrows(AgentNotFoundException.class, () -> agent.ls("/nope"));
    }

    @Test
    void hashMatchesALocalDigest() throws Exception {
        byte[] content = new byte[100_000];
        new Random(1).nextBytes(content);
        Files.write(fx.root.resolve("blob"), content);
        assertEquals(AgentFixture.sha256(content), agent.hash("blob"));
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest(content)), agent.hash("/blob", HashAlgorithm.MD5));
    }

    @Test
    void mkdirRmAndMvChangeTheTree() throws Exception {
        agent.mkdir("a/b/c");
        agent.mkdir("a/b/c");
        assertTrue(Files.isDirectory(fx.root.resolve("a/b/c")));
        Files.writeString(fx.root.resolve("a/b/c/f"), "f");
        AgentException notEmpty = assertThrows(AgentException.class, () -> agent.rm("a"));
        assertEquals("FAILED", notEmpty.code());
        agent.mv("a/b/c/f", "a/g");
        assertEquals("f", Files.readString(fx.root.resolve("a/g")));
        agent.rm("a/g");
        agent.rm("a", true);
        assertFalse(Files.exists(fx.root.resolve("a")));
        assertThrows(AgentNotFoundException.class, () -> agent.rm("a"));
        assertThrows(AgentDeniedException.class, () -> agent.rm("/", true));
    }

    @Test
    void pushAndPullVerifyAndReportProgress() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(2).nextBytes(content);
        Path local = Files.write(temp.resolve("local.bin"), content);
        AtomicLong sent = new AtomicLong();
        TransferResult up = agent.push(local, "/up/remote.bin", new ProgressListener() {
            @Override
            public void onBytesSent(long bytes, long total) {
                sent.set(bytes);
            }
        });
        assertEquals(new TransferResult("/up/remote.bin", local, content.length, AgentFixture.sha256(content)), up);
        assertArrayEquals(content, Files.readAllBytes(fx.root.resolve("up/remote.bin")));
        assertEquals(content.length, sent.get());

        AtomicLong received = new AtomicLong();
        Path back = temp.resolve("back.bin");
        Files.writeString(back, "old content");
        TransferResult down = agent.pull("up/remote.bin", back, new ProgressListener() {
            @Override
            public void onBytesReceived(long bytes, long total) {
                received.set(bytes);
            }
        });
        assertArrayEquals(content, Files.readAllBytes(back));
        assertEquals(up.sha256(), down.sha256());
        assertEquals(content.length, down.length());
        assertEquals(content.length, received.get());

        Path empty = Files.write(temp.resolve("empty"), new byte[0]);
        assertEquals(0, agent.push(empty, "e", null).length());
        assertEquals(0, agent.pull("e", temp.resolve("e2"), null).length());
        assertEquals(0, Files.size(temp.resolve("e2")));
    }

    @Test
    void aFailedPullLeavesTheLocalFileAsItWas() throws Exception {
        Path target = Files.writeString(temp.resolve("keep.txt"), "keep");
        assertThrows(AgentNotFoundException.class, () -> agent.pull("/missing", target, null));
        assertEquals("keep", Files.readString(target));
        try (var files = Files.list(temp)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".parley-pull")).toList());
        }
    }

    @Test
    void execIsDeniedByDefault() {
        AgentDeniedException e = assertThrows(AgentDeniedException.class, () -> agent.exec("echo", "hi"));
        assertEquals("DENIED", e.code());
    }

    @Test
    void verbKindsAreDeclaredOnce() {
        assertEquals(Request.Kind.QUERY, AgentVerbs.kindOf("pull"));
        assertEquals(Request.Kind.QUERY, AgentVerbs.kindOf("cd"));
        assertEquals(Request.Kind.IDEMPOTENT_ACTION, AgentVerbs.kindOf("push"));
        assertEquals(Request.Kind.IDEMPOTENT_ACTION, AgentVerbs.kindOf("mkdir"));
        for (String action : List.of("rm", "mv", "exec")) {
            assertEquals(Request.Kind.ACTION, AgentVerbs.kindOf(action), action);
        }
    }
}
