package dev.parley.cli;

import dev.parley.agent.server.AgentServer;
import dev.parley.agent.server.RunningAgent;
import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.Session;
import dev.parley.testkit.peer.Script;
import dev.parley.testkit.peer.ScriptedServer;
import org.jline.reader.Candidate;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.CompletingParsedLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TAB completion of remote paths in the shell, driven through its completer against a real agent. */
class ShellCompletionTest {

    @TempDir
    Path root;

    @TempDir
    Path local;

    private RunningAgent agent;
    private ParleyClient client;
    private Session session;
    private final AtomicLong ticker = new AtomicLong();
    private RemotePaths remote;
    private ShellCompleter completer;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(root.resolve("docs/guide"));
        Files.writeString(root.resolve("docs/readme.md"), "read me\n");
        Files.writeString(root.resolve("docs/.hidden"), "x");
        Files.writeString(root.resolve("a.txt"), "a\n");
        agent = AgentServer.builder().root(root).server(s -> s.port(0)).build().start();
        client = ParleyClient.create(1);
        session = client.connect(new InetSocketAddress("127.0.0.1", agent.port()), ClientOptions.defaults());
        remote = RemotePaths.over(session, Duration.ofSeconds(5), Duration.ofSeconds(2), ticker::get);
        completer = new ShellCompleter(List.of("ls", "put", "get"), remote);
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
    void aDirectoryAtTheRootCompletesWithATrailingSlash() {
        assertEquals(List.of("/docs/"), values("ls /do"));
        assertEquals(List.of("/a.txt", "/docs/"), values("stat /"));
    }

    @Test
    void aNestedPathCompletesFromItsOwnDirectoryAndHidesDotNamesUnlessTyped() {
        assertEquals(List.of("/docs/guide/", "/docs/readme.md"), values("hash /docs/"));
        assertEquals(List.of("/docs/guide/"), values("cd /docs/g"));
        assertEquals(List.of("/docs/.hidden"), values("rm /docs/."));
        assertEquals(List.of("docs/readme.md"), values("mv a.txt docs/r"));
    }

    @Test
    void aRelativePathCompletesInTheWorkingDirectoryAfterCd() throws Exception {
        ShellLines lines = new ShellLines(session, Duration.ofSeconds(10), new LocalPaths(local, local),
                new RecordingOutput(), remote::forget);
        assertEquals(List.of("docs/"), values("ls d"));
        assertTrue(lines.run("cd docs"));
        assertEquals(List.of("guide/", "readme.md"), values("ls "));
        assertEquals(List.of("guide/"), values("put " + local + " gu"));
        assertEquals(List.of("guide/"), values("get gu"));
    }

    @Test
    void aListingIsReusedForItsTimeAndForgottenAfterACommandLine() throws Exception {
        assertEquals(List.of("/docs/"), values("ls /d"));
        Files.createDirectory(root.resolve("dir2"));
        assertEquals(List.of("/docs/"), values("ls /d"), "kept while the clock stands still");
        ticker.addAndGet(Duration.ofSeconds(3).toNanos());
        assertEquals(List.of("/dir2/", "/docs/"), values("ls /d"), "listed again once its time is up");
        Files.createDirectory(root.resolve("dir3"));
        remote.forget();
        assertEquals(List.of("/dir2/", "/dir3/", "/docs/"), values("ls /d"), "listed again after forget");
    }

    @Test
    void namesThatNeedQuotingAreInsertedInTheQuotesTheAgentReads() throws Exception {
        Files.createDirectory(root.resolve("my dir"));
        Files.writeString(root.resolve("my file.txt"), "spaces\n");
        assertEquals(List.of("/my dir/", "/my file.txt"), values("ls /my"));
        CompletingParsedLine plain = (CompletingParsedLine) parse("ls /my");
        assertEquals("\"/my file.txt\"", plain.escape("/my file.txt", true).toString());
        assertEquals("\"/my dir/", plain.escape("/my dir/", false).toString(), "left open for more");
        assertEquals("/docs/", plain.escape("/docs/", false).toString());
        CompletingParsedLine quoted = (CompletingParsedLine) parse("ls \"/my");
        assertEquals("/my", quoted.word());
        assertEquals("\"/my file.txt\"", quoted.escape("/my file.txt", true).toString());

        RecordingOutput out = new RecordingOutput();
        ShellLines lines = new ShellLines(session, Duration.ofSeconds(10), new LocalPaths(local, local), out,
                remote::forget);
        assertTrue(lines.run("pull \"/my file.txt\""));
        assertEquals("body: spaces\n", out.last(), out.toString());
    }

    @Test
    void localWordsAndOtherArgumentsAreNotRemotePaths() {
        assertEquals(ShellCompleter.Kind.VERB, ShellCompleter.kind(List.of("pu"), 0));
        assertEquals(ShellCompleter.Kind.LOCAL, ShellCompleter.kind(List.of("put", "x"), 1));
        assertEquals(ShellCompleter.Kind.REMOTE, ShellCompleter.kind(List.of("put", "x", "y"), 2));
        assertEquals(ShellCompleter.Kind.REMOTE, ShellCompleter.kind(List.of("get", "x"), 1));
        assertEquals(ShellCompleter.Kind.LOCAL, ShellCompleter.kind(List.of("get", "x", "y"), 2));
        assertEquals(ShellCompleter.Kind.NONE, ShellCompleter.kind(List.of("hash", "x", "sha"), 2));
        assertEquals(ShellCompleter.Kind.NONE, ShellCompleter.kind(List.of("ping", "x"), 1));
        assertEquals(List.of(), values("ping /d"));
    }

    @Test
    void anAgentThatNeverAnswersGivesNoCandidatesWithinTheBound() throws Exception {
        Script silent = Script.builder()
                .sendLine("HELLO parley/1 agent version=" + AgentServer.VERSION)
                .expectLineMatching("ls .*")
                .stallForever()
                .build();
        try (ScriptedServer peer = ScriptedServer.start(silent);
             Session slow = client.connect(peer.address(), ClientOptions.defaults())) {
            Duration wait = Duration.ofMillis(300);
            ShellCompleter c = new ShellCompleter(List.of("ls"), RemotePaths.over(slow, wait,
                    RemotePaths.DEFAULT_TTL, System::nanoTime));
            long start = System.nanoTime();
            List<Candidate> found = new ArrayList<>();
            c.complete(null, parse("ls /do"), found);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(List.of(), found);
            assertTrue(tookMillis >= wait.toMillis(), "waited the bound: " + tookMillis + " ms");
            assertTrue(tookMillis < 5_000, "and not much longer: " + tookMillis + " ms");
        }
    }

    private List<String> values(String line) {
        List<Candidate> found = new ArrayList<>();
        completer.complete(null, parse(line), found);
        List<String> values = new ArrayList<>();
        for (Candidate c : found) {
            values.add(c.value());
        }
        values.sort(null);
        return values;
    }

    private static ParsedLine parse(String line) {
        return new ShellParser().parse(line, line.length(), Parser.ParseContext.COMPLETE);
    }
}
