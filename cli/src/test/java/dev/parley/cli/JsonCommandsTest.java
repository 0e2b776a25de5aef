package dev.parley.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.parley.agent.fs.ExecPolicy;
import dev.parley.agent.server.AgentServer;
import dev.parley.agent.server.RunningAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --json} of call, push and pull against a real agent on loopback: every stdout line parsed with Gson. */
class JsonCommandsTest {

    private static final Instant MTIME = Instant.parse("2026-12-02T01:02:03.456Z");

    @TempDir
    Path root;

    @TempDir
    Path local;

    private RunningAgent agent;
    private String target;

    @BeforeEach
    void startAgent() throws Exception {
        agent = AgentServer.builder().root(root).server(s -> s.port(0))
                .execPolicy(ExecPolicy.builder().allow("sh", "sleep", "seq").timeLimit(Duration.ofSeconds(2))
                        .outputCap(1024).build())
                .build().start();
        target = "127.0.0.1:" + agent.port();
    }

    @AfterEach
    void stopAgent() {
        agent.close();
    }

    @Test
    void pingIsOneObjectWithItsArguments() {
        CliRun ping = CliRun.run("call", "--json", target, "ping");
        assertEquals(ExitStatus.OK, ping.status, ping.toString());
        assertEquals("{\"ok\":true,\"verb\":\"ping\",\"args\":[\"pong\"]}\n", ping.out);
    }

    @Test
    void lsEntriesAreTypedWithIsoTimesAndNumericSizes() throws Exception {
        Path file = Files.writeString(root.resolve("a.txt"), "hello\n");
        Files.setLastModifiedTime(file, FileTime.from(MTIME));
        Files.createDirectory(root.resolve("sub dir"));

        JsonObject ls = only(CliRun.run("call", "--json", target, "ls", "/"), ExitStatus.OK);
        assertTrue(ls.get("ok").getAsBoolean());
        assertEquals("ls", ls.get("verb").getAsString());
        assertEquals("/", ls.get("path").getAsString());
        JsonArray entries = ls.getAsJsonArray("entries");
        assertEquals(2, entries.size(), ls.toString());
        JsonObject a = entries.get(0).getAsJsonObject();
        assertEquals("file", a.get("type").getAsString());
        assertTrue(a.getAsJsonPrimitive("size").isNumber(), a.toString());
        assertEquals(6, a.get("size").getAsLong());
        assertEquals("2026-12-02T01:02:03.456Z", a.get("mtime").getAsString());
        assertEquals(MTIME, Instant.parse(a.get("mtime").getAsString()));
        assertEquals("a.txt", a.get("name").getAsString());
        JsonObject dir = entries.get(1).getAsJsonObject();
        assertEquals("directory", dir.get("type").getAsString());
        assertEquals("sub dir", dir.get("name").getAsString());
        Instant.parse(dir.get("mtime").getAsString());

        JsonObject cwd = only(CliRun.run("call", "--json", target, "ls"), ExitStatus.OK);
        assertEquals("/", cwd.get("path").getAsString());
        assertEquals(entries, cwd.getAsJsonArray("entries"));
    }

    @Test
    void statAndHashAreTyped() throws Exception {
        Path file = Files.writeString(root.resolve("a.txt"), "hello\n");
        Files.setLastModifiedTime(file, FileTime.from(MTIME));

        JsonObject stat = only(CliRun.run("call", "--json", target, "stat", "/a.txt"), ExitStatus.OK);
        assertEquals("/a.txt", stat.get("path").getAsString());
        assertEquals("file", stat.get("type").getAsString());
        assertEquals(6, stat.get("size").getAsLong());
        assertEquals(MTIME, Instant.parse(stat.get("mtime").getAsString()));
        assertEquals("a.txt", stat.get("name").getAsString());

        JsonObject hash = only(CliRun.run("call", "--json", target, "hash", "/a.txt"), ExitStatus.OK);
        assertEquals("sha256", hash.get("algorithm").getAsString());
        assertEquals(digest("SHA-256", "hello\n".getBytes(StandardCharsets.UTF_8)), hash.get("hex").getAsString());
        JsonObject md5 = only(CliRun.run("call", "--json", target, "hash", "/a.txt", "md5"), ExitStatus.OK);
        assertEquals("md5", md5.get("algorithm").getAsString());
        assertEquals(digest("MD5", "hello\n".getBytes(StandardCharsets.UTF_8)), md5.get("hex").getAsString());
    }

    @Test
    void execGivesExitCodeAndFlagsAsTypedFields() {
        JsonObject three = only(CliRun.run("call", "--json", "--timeout", "20s", target, "exec", "sh", "-c",
                "echo out; exit 3"), ExitStatus.OK);
        assertEquals(3, three.get("exitCode").getAsInt());
        assertFalse(three.get("timedOut").getAsBoolean());
        assertFalse(three.get("truncated").getAsBoolean());
        assertEquals("out\n", three.get("output").getAsString());

        JsonObject chatty = only(CliRun.run("call", "--json", "--timeout", "20s", target, "exec", "seq", "100000"),
                ExitStatus.OK);
        assertTrue(chatty.get("truncated").getAsBoolean(), chatty.toString());

        JsonObject slow = only(CliRun.run("call", "--json", "--timeout", "20s", target, "exec", "sleep", "20"),
                ExitStatus.OK);
        assertTrue(slow.get("timedOut").getAsBoolean(), slow.toString());
    }

    @Test
    void infoAndTimeAreFields() {
        JsonObject info = only(CliRun.run("call", "--json", target, "info"), ExitStatus.OK);
        assertTrue(info.getAsJsonObject("info").has("protocol"), info.toString());
        JsonObject time = only(CliRun.run("call", "--json", target, "time"), ExitStatus.OK);
        assertEquals(time.get("epochMillis").getAsLong(), Instant.parse(time.get("time").getAsString()).toEpochMilli());
    }

    @Test
    void bodyIsTextWhenUtf8AndBase64Otherwise() throws Exception {
        Files.writeString(root.resolve("t.txt"), "h\u00e9llo\n");
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3};
        Files.write(root.resolve("b.bin"), binary);

        JsonObject text = only(CliRun.run("call", "--json", target, "pull", "/t.txt"), ExitStatus.OK);
        assertEquals("h\u00e9llo\n", text.get("body").getAsString());
        assertFalse(text.has("bodyBase64"));
        JsonObject bin = only(CliRun.run("call", "--json", target, "pull", "/b.bin"), ExitStatus.OK);
        assertFalse(bin.has("body"));
        assertArrayEquals(binary, Base64.getDecoder().decode(bin.get("bodyBase64").getAsString()));
    }

    @Test
    void errReplyIsAnObjectWithTheRemoteCodeAndExitStatus1() {
        CliRun run = CliRun.run("call", "--json", target, "stat", "/nope");
        JsonObject err = only(run, ExitStatus.ERR_REPLY);
        assertFalse(err.get("ok").getAsBoolean());
        assertEquals("NOT_FOUND", err.get("code").getAsString());
        assertFalse(err.get("message").getAsString().isEmpty(), err.toString());
        assertFalse(err.get("transient").getAsBoolean());
        assertEquals("answered", err.get("progress").getAsString());
        assertEquals(ExitStatus.ERR_REPLY, err.get("exitStatus").getAsInt());
        assertFalse(run.err.contains("ERR NOT_FOUND"), "no human text: " + run.err);
    }

    @Test
    void refusedConnectionIsTransientNotSentAndExits69() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        JsonObject err = only(CliRun.run("call", "--json", "--retries", "0", "--timeout", "2s",
                "127.0.0.1:" + port, "ping"), ExitStatus.UNAVAILABLE);
        assertFalse(err.get("ok").getAsBoolean());
        assertEquals("CONNECT_REFUSED", err.get("code").getAsString());
        assertTrue(err.get("transient").getAsBoolean());
        assertEquals("not_sent", err.get("progress").getAsString());
        assertEquals(ExitStatus.UNAVAILABLE, err.get("exitStatus").getAsInt());
    }

    @Test
    void usageErrorsAreObjectsToo() {
        JsonObject badRetries = only(CliRun.run("call", "--json", "--retries", "-1", target, "ping"),
                ExitStatus.USAGE);
        assertEquals("USAGE", badRetries.get("code").getAsString());
        assertEquals(ExitStatus.USAGE, badRetries.get("exitStatus").getAsInt());
        JsonObject badHost = only(CliRun.run("call", "--json", "127.0.0.1:notaport", "ping"), ExitStatus.USAGE);
        assertEquals("not_sent", badHost.get("progress").getAsString());
        JsonObject badDuration = only(CliRun.run("call", "--json", "--timeout", "soon", target, "ping"),
                ExitStatus.USAGE);
        assertEquals("USAGE", badDuration.get("code").getAsString());
    }

    @Test
    void pushAndPullWriteAFileRecordAndASummary() throws Exception {
        byte[] data = new byte[300_000];
        new java.util.Random(11).nextBytes(data);
        Path file = Files.write(local.resolve("build.bin"), data);

        List<JsonObject> push = lines(CliRun.run("push", "--json", file.toString(), target + ":/builds/"),
                ExitStatus.OK);
        assertEquals(2, push.size(), push.toString());
        JsonObject sent = push.get(0);
        assertEquals(file.toString(), sent.get("file").getAsString());
        assertEquals("/builds/build.bin", sent.get("remote").getAsString());
        assertEquals(data.length, sent.get("bytes").getAsLong());
        assertEquals(digest("SHA-256", data), sent.get("sha256").getAsString());
        assertEquals("sent", sent.get("status").getAsString());
        JsonObject summary = push.get(1);
        assertTrue(summary.get("summary").getAsBoolean());
        assertTrue(summary.get("ok").getAsBoolean());
        assertEquals(1, summary.get("transferred").getAsInt());
        assertEquals(data.length, summary.get("bytes").getAsLong());
        assertEquals(ExitStatus.OK, summary.get("exitStatus").getAsInt());

        Path back = local.resolve("back.bin");
        List<JsonObject> pull = lines(CliRun.run("pull", "--json", target + ":/builds/build.bin", back.toString()),
                ExitStatus.OK);
        assertEquals("received", pull.get(0).get("status").getAsString());
        assertEquals(digest("SHA-256", data), pull.get(0).get("sha256").getAsString());
        assertArrayEquals(data, Files.readAllBytes(back));
    }

    @Test
    void failedTransfersKeepTheirExitStatusAndSayWhy() {
        List<JsonObject> missing = lines(CliRun.run("pull", "--json", target + ":/nope", local.toString()),
                ExitStatus.ERR_REPLY);
        assertEquals("failed", missing.get(0).get("status").getAsString());
        JsonObject error = missing.get(0).getAsJsonObject("error");
        assertEquals("NOT_FOUND", error.get("code").getAsString());
        assertEquals("answered", error.get("progress").getAsString());
        assertFalse(missing.get(1).get("ok").getAsBoolean());
        assertEquals(1, missing.get(1).get("failed").getAsInt());
        assertEquals(ExitStatus.ERR_REPLY, missing.get(1).get("exitStatus").getAsInt());

        List<JsonObject> noFile = lines(CliRun.run("push", "--json", local.resolve("none").toString(),
                target + ":/x"), ExitStatus.IO_ERROR);
        assertEquals("IO_ERROR", noFile.get(0).getAsJsonObject("error").get("code").getAsString());
        assertEquals("not_sent", noFile.get(0).getAsJsonObject("error").get("progress").getAsString());
    }

    @Test
    void recursivePushGivesARecordPerFileAndASummaryThatCountsThem() throws Exception {
        Path tree = Files.createDirectories(local.resolve("tree/sub"));
        Files.writeString(tree.getParent().resolve("a.txt"), "a");
        Files.writeString(tree.resolve("b.txt"), "bb");
        Files.writeString(tree.resolve("c.txt"), "ccc");

        CliRun run = CliRun.run("push", "--json", "-r", tree.getParent().toString(), target + ":/up/");
        assertFalse(run.err.contains("parley: push:"), "the summary is JSON only: " + run.err);
        List<JsonObject> first = lines(run, ExitStatus.OK);
        assertEquals(4, first.size(), first.toString());
        List<String> remotes = new ArrayList<>();
        for (JsonObject record : first.subList(0, 3)) {
            assertEquals("sent", record.get("status").getAsString(), record.toString());
            Path file = Path.of(record.get("file").getAsString());
            assertTrue(file.startsWith(tree.getParent()), record.toString());
            byte[] bytes = Files.readAllBytes(file);
            assertEquals(bytes.length, record.get("bytes").getAsLong());
            assertEquals(digest("SHA-256", bytes), record.get("sha256").getAsString());
            remotes.add(record.get("remote").getAsString());
        }
        assertEquals(List.of("/up/tree/a.txt", "/up/tree/sub/b.txt", "/up/tree/sub/c.txt"),
                remotes.stream().sorted().toList());
        assertEquals("ccc", Files.readString(root.resolve("up/tree/sub/c.txt")));
        assertSummary(first.get(3), 3, 3, 0, 6);

        List<JsonObject> again = lines(CliRun.run("push", "--json", "-r", tree.getParent().toString(),
                target + ":/up/"), ExitStatus.OK);
        assertEquals(4, again.size(), again.toString());
        for (JsonObject record : again.subList(0, 3)) {
            assertEquals("skipped", record.get("status").getAsString(), record.toString());
            assertTrue(record.has("sha256"), record.toString());
        }
        assertSummary(again.get(3), 3, 0, 3, 0);
    }

    @Test
    void multiFilePullRecordsEachFileAndTheMissingOne() throws Exception {
        Files.writeString(root.resolve("a.txt"), "a");
        Files.writeString(root.resolve("b.txt"), "bb");
        Path into = Files.createDirectory(local.resolve("into"));

        List<JsonObject> pull = lines(CliRun.run("pull", "--json", target + ":/a.txt", target + ":/nope",
                target + ":/b.txt", into.toString()), ExitStatus.ERR_REPLY);
        assertEquals(4, pull.size(), pull.toString());
        JsonObject missing = pull.get(0);
        assertEquals("failed", missing.get("status").getAsString());
        assertEquals(into.resolve("nope").toString(), missing.get("file").getAsString());
        assertEquals("/nope", missing.get("remote").getAsString());
        assertEquals("NOT_FOUND", missing.getAsJsonObject("error").get("code").getAsString());
        assertEquals("received", pull.get(1).get("status").getAsString());
        assertEquals(into.resolve("a.txt").toString(), pull.get(1).get("file").getAsString());
        assertEquals("received", pull.get(2).get("status").getAsString());
        assertEquals("bb", Files.readString(into.resolve("b.txt")));
        JsonObject summary = pull.get(3);
        assertFalse(summary.get("ok").getAsBoolean());
        assertEquals(3, summary.get("files").getAsInt());
        assertEquals(2, summary.get("transferred").getAsInt());
        assertEquals(1, summary.get("failed").getAsInt());
        assertEquals(3, summary.get("bytes").getAsLong());
        assertEquals(ExitStatus.ERR_REPLY, summary.get("exitStatus").getAsInt());
    }

    @Test
    void directoryWithoutRecursiveIsStillAUsageError() throws Exception {
        Files.createDirectory(root.resolve("d"));
        JsonObject push = only(CliRun.run("push", "--json", local.toString(), target + ":/x"), ExitStatus.USAGE);
        assertEquals("USAGE", push.get("code").getAsString());
        assertTrue(push.get("message").getAsString().contains("use -r"), push.toString());
        List<JsonObject> pull = lines(CliRun.run("pull", "--json", target + ":/d", local.toString()),
                ExitStatus.USAGE);
        assertEquals("USAGE", pull.get(0).get("code").getAsString());
        assertFalse(pull.get(0).has("status"), "no file record: " + pull);
    }

    private static void assertSummary(JsonObject summary, int files, int transferred, int skipped, long bytes) {
        assertTrue(summary.get("summary").getAsBoolean(), summary.toString());
        assertTrue(summary.get("ok").getAsBoolean(), summary.toString());
        assertEquals(files, summary.get("files").getAsInt());
        assertEquals(transferred, summary.get("transferred").getAsInt());
        assertEquals(skipped, summary.get("skipped").getAsInt());
        assertEquals(0, summary.get("failed").getAsInt());
        assertEquals(bytes, summary.get("bytes").getAsLong());
        assertEquals(ExitStatus.OK, summary.get("exitStatus").getAsInt());
    }

    /** Parses stdout as JSON Lines: every line one object, and the exit status as expected. */
    private static List<JsonObject> lines(CliRun run, int status) {
        assertEquals(status, run.status, run.toString());
        List<JsonObject> objects = new ArrayList<>();
        for (String line : run.out.split("\n")) {
            JsonElement e = JsonParser.parseString(line);
            assertTrue(e.isJsonObject(), line);
            objects.add(e.getAsJsonObject());
        }
        return objects;
    }

    private static JsonObject only(CliRun run, int status) {
        List<JsonObject> objects = lines(run, status);
        assertEquals(1, objects.size(), run.toString());
        return objects.get(0);
    }

    private static String digest(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }
}
