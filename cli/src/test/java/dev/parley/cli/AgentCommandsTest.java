package dev.parley.cli;

import dev.parley.agent.server.AgentServer;
import dev.parley.agent.server.RunningAgent;
import dev.parley.server.Authenticator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client subcommands against a real agent on loopback: outputs and exit statuses. */
class AgentCommandsTest {

    @TempDir
    Path root;

    @TempDir
    Path local;

    private RunningAgent agent;
    private String target;

    @BeforeEach
    void startAgent() throws Exception {
        agent = AgentServer.builder().root(root).server(s -> s.port(0)).build().start();
        target = "127.0.0.1:" + agent.port();
    }

    @AfterEach
    void stopAgent() {
        agent.close();
    }

    @Test
    void callPrintsRepliesAndBodies() throws Exception {
        CliRun ping = CliRun.run("call", target, "ping");
        assertEquals(ExitStatus.OK, ping.status, ping.toString());
        assertEquals("pong\n", ping.out);

        Files.writeString(root.resolve("a.txt"), "hello\n");
        CliRun ls = CliRun.run("call", target, "ls", "/");
        assertEquals(ExitStatus.OK, ls.status, ls.toString());
        assertTrue(ls.out.matches("f 6 \\d+ a\\.txt\n"), ls.out);

        CliRun pull = CliRun.run("call", target, "pull", "/a.txt");
        assertEquals("hello\n", pull.out);
    }

    @Test
    void errRepliesExitWith1AndNameTheCode() {
        CliRun stat = CliRun.run("call", target, "stat", "/nope");
        assertEquals(ExitStatus.ERR_REPLY, stat.status, stat.toString());
        assertTrue(stat.err.startsWith("ERR NOT_FOUND"), stat.err);
        CliRun escape = CliRun.run("call", target, "stat", "../../etc/passwd");
        assertEquals(ExitStatus.ERR_REPLY, escape.status);
        assertTrue(escape.err.startsWith("ERR DENIED"), escape.err);
        CliRun exec = CliRun.run("call", target, "exec", "ls");
        assertTrue(exec.err.startsWith("ERR DENIED"), exec.err);
    }

    @Test
    void pushThenPullRoundTripsTheBytes() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 7];
        new Random(7).nextBytes(data);
        Path file = local.resolve("build.bin");
        Files.write(file, data);

        CliRun push = CliRun.run("push", file.toString(), target + ":/builds/");
        assertEquals(ExitStatus.OK, push.status, push.toString());
        assertArrayEquals(data, Files.readAllBytes(root.resolve("builds/build.bin")));

        Path back = local.resolve("back.bin");
        CliRun pull = CliRun.run("pull", target + ":/builds/build.bin", back.toString());
        assertEquals(ExitStatus.OK, pull.status, pull.toString());
        assertArrayEquals(data, Files.readAllBytes(back));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        CliRun hash = CliRun.run("call", target, "hash", "/builds/build.bin");
        assertEquals(sha + "\n", hash.out);
    }

    @Test
    void pullOfAMissingFileLeavesNothingBehind() throws Exception {
        Path target2 = local.resolve("missing.txt");
        CliRun pull = CliRun.run("pull", target + ":/missing.txt", target2.toString());
        assertEquals(ExitStatus.ERR_REPLY, pull.status, pull.toString());
        assertFalse(Files.exists(target2));
        try (var files = Files.list(local)) {
            assertEquals(0, files.count(), "no temporary file may be left");
        }
    }

    @Test
    void pushOfAMissingLocalFileIsAnIoError() {
        CliRun push = CliRun.run("push", local.resolve("nope").toString(), target + ":/x");
        assertEquals(ExitStatus.IO_ERROR, push.status, push.toString());
        CliRun noPath = CliRun.run("push", local.resolve("nope").toString(), target);
        assertEquals(ExitStatus.USAGE, noPath.status, noPath.toString());
    }

    @Test
    void wordsFromTheVerbOnGoToTheAgentUnchangedEvenWhenTheyLookLikeOptions() throws Exception {
        agent.close();
        agent = AgentServer.builder().root(root).server(s -> s.port(0))
                .execPolicy(dev.parley.agent.fs.ExecPolicy.allowing("echo")).build().start();
        target = "127.0.0.1:" + agent.port();
        CliRun echo = CliRun.run("call", "--timeout", "10s", target, "exec", "echo", "x", "-n", "--retries", "-v");
        assertEquals(ExitStatus.OK, echo.status, echo.toString());
        assertFalse(echo.err.contains("Unknown option"), echo.err);
        assertEquals("x -n --retries -v\n", echo.out, echo.toString());

        CliRun dashes = CliRun.run("call", target, "--", "exec", "echo", "--", "-a");
        assertEquals(ExitStatus.OK, dashes.status, dashes.toString());
        assertEquals("-- -a", dashes.out.trim(), dashes.toString());

        CliRun remoteFlag = CliRun.run("call", target, "ls", "-r");
        assertEquals(ExitStatus.ERR_REPLY, remoteFlag.status, "the agent, not parley, answers: " + remoteFlag);
        assertFalse(remoteFlag.err.contains("Unknown option"), remoteFlag.err);
    }

    @Test
    void tokenFileIsSentAndAWrongOneIsRefused() throws Exception {
        agent.close();
        agent = AgentServer.builder().root(root)
                .server(s -> s.port(0).authenticator(Authenticator.sharedToken("s3cret-token"))).build().start();
        target = "127.0.0.1:" + agent.port();
        Path good = local.resolve("good");
        Files.writeString(good, "s3cret-token\n", StandardCharsets.UTF_8);
        CliRun ok = CliRun.run("call", "--token-file", good.toString(), target, "ls", "/");
        assertEquals(ExitStatus.OK, ok.status, ok.toString());
        CliRun none = CliRun.run("call", target, "ls", "/");
        assertEquals(ExitStatus.ERR_REPLY, none.status, none.toString());
        assertTrue(none.err.startsWith("ERR AUTH_REQUIRED"), none.err);
        assertFalse((ok.err + none.err).contains("s3cret-token"), "the token never appears in output");

        Path wrong = local.resolve("wrong");
        Files.writeString(wrong, "not-the-token\n", StandardCharsets.UTF_8);
        long start = System.nanoTime();
        CliRun denied = CliRun.run("call", "--token-file", wrong.toString(), target, "ls", "/");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(ExitStatus.DENIED, denied.status, denied.toString());
        assertTrue(tookMillis < 2_000, "a wrong token ends the call at once, not at the 30 s deadline: " + tookMillis
                + " ms");
        assertEquals(1, countWarnings(denied.err),
                "one connection attempt, no retries: " + denied);
        assertFalse(denied.err.contains("not-the-token"), "the wrong token is not printed either");
    }

    @Test
    void nothingListeningEndsAfterTheRetriesNotAtTheDeadline() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        long start = System.nanoTime();
        CliRun down = CliRun.run("call", "--retries", "1", "127.0.0.1:" + port, "ping");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(ExitStatus.UNAVAILABLE, down.status, down.toString());
        assertTrue(down.err.contains("CONNECT_REFUSED"), down.err);
        assertTrue(tookMillis < 10_000, "two refused attempts end the call, not the 30 s deadline: " + tookMillis
                + " ms");
        int refusals = 0;
        for (String line : down.err.split("\n")) {
            if (line.contains(" WARN ") && line.contains("CONNECT_REFUSED")) {
                refusals++;
            }
        }
        // The first attempt and one retry end the call; a reconnect already scheduled may log once more on exit.
        assertTrue(refusals >= 2 && refusals <= 3, "the first attempt and one retry: " + down);
    }

    /** Counts the client's warnings about failed connection set-ups. */
    private static int countWarnings(String err) {
        int n = 0;
        for (String line : err.split("\n")) {
            if (line.contains(" WARN ") && line.contains("SETUP_FAILED")) {
                n++;
            }
        }
        return n;
    }

    @Test
    void tlsAgentNeedsTlsAndTrust() throws Exception {
        agent.close();
        io.netty.handler.ssl.SslContext tls = dev.parley.server.ServerTls.selfSigned();
        agent = AgentServer.builder().root(root).server(s -> s.port(0).tls(tls)).build().start();
        target = "127.0.0.1:" + agent.port();
        CliRun trusted = CliRun.run("call", "--tls", "--insecure", "--timeout", "10s", target, "ping");
        assertEquals(ExitStatus.OK, trusted.status, trusted.toString());
        assertEquals("pong\n", trusted.out);
        long start = System.nanoTime();
        CliRun untrusted = CliRun.run("call", "--tls", target, "ping");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(ExitStatus.UNTRUSTED, untrusted.status, untrusted.toString());
        assertTrue(tookMillis < 2_000, "an untrusted certificate ends the call at once: " + tookMillis + " ms");
        assertTrue(untrusted.err.contains("TLS_HANDSHAKE"), untrusted.toString());
        CliRun plain = CliRun.run("call", "--timeout", "2s", target, "ping");
        assertEquals(ExitStatus.UNAVAILABLE, plain.status, plain.toString());
    }
}
