package dev.parley.cli;

import dev.parley.agent.server.AgentServer;
import dev.parley.agent.server.RunningAgent;
import dev.parley.testkit.proxy.Direction;
import dev.parley.testkit.proxy.Fault;
import dev.parley.testkit.proxy.FaultProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code push -r} and {@code pull -r} of whole trees against a real agent on loopback, checked with {@code diff -r}.
 */
class RecursiveTransferTest {

    private static final int BIG = 100 * 1024 * 1024;

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
    void aTreeWithNestedAndEmptyDirectoriesSpacesAndA100MbFileRoundTrips() throws Exception {
        Path tree = tree(local.resolve("tree"));
        random(tree.resolve("sub dir/big file.bin"), BIG, 11);

        CliRun push = CliRun.run("push", "-r", tree.toString(), target + ":/dst/");
        assertEquals(ExitStatus.OK, push.status, push.toString());
        assertTrue(push.err.contains("push: 4 sent, 0 skipped (identical), 0 failed; " + (BIG + 27) + " bytes"),
                push.err);
        assertEquals(0, diff(tree, root.resolve("dst/tree")));

        Path back = local.resolve("back");
        CliRun pull = CliRun.run("pull", "-r", target + ":/dst/tree", back.toString());
        assertEquals(ExitStatus.OK, pull.status, pull.toString());
        assertTrue(pull.err.contains("pull: 4 received, 0 skipped (identical), 0 failed"), pull.err);
        assertEquals(0, diff(tree, back));

        CliRun again = CliRun.run("push", "-r", tree.toString(), target + ":/dst/");
        assertEquals(ExitStatus.OK, again.status, again.toString());
        assertTrue(again.err.contains("push: 0 sent, 4 skipped (identical), 0 failed; 0 bytes"), again.err);
        CliRun pullAgain = CliRun.run("pull", "-r", target + ":/dst/tree", local.toString());
        assertEquals(ExitStatus.OK, pullAgain.status, pullAgain.toString());
        assertTrue(pullAgain.err.contains("pull: 0 received, 4 skipped (identical), 0 failed"), pullAgain.err);
    }

    @Test
    void aDirectoryIsCopiedAsTheTargetWhenTheTargetDoesNotExist() throws Exception {
        Path tree = tree(local.resolve("tree"));
        CliRun push = CliRun.run("push", "-r", tree.toString(), target + ":/renamed");
        assertEquals(ExitStatus.OK, push.status, push.toString());
        assertEquals(0, diff(tree, root.resolve("renamed")));
        CliRun into = CliRun.run("push", "-r", tree.toString(), target + ":/renamed");
        assertEquals(ExitStatus.OK, into.status, into.toString());
        assertEquals(0, diff(tree, root.resolve("renamed/tree")), "an existing directory is copied into");
    }

    @Test
    void severalSourcesGoIntoTheTargetDirectoryBothWays() throws Exception {
        Path a = Files.writeString(local.resolve("a.txt"), "alpha\n");
        Path b = Files.writeString(local.resolve("b c.txt"), "bravo\n");
        CliRun push = CliRun.run("push", a.toString(), b.toString(), target + ":/many");
        assertEquals(ExitStatus.OK, push.status, push.toString());
        assertEquals("alpha\n", Files.readString(root.resolve("many/a.txt")));
        assertEquals("bravo\n", Files.readString(root.resolve("many/b c.txt")));

        Path out = local.resolve("out");
        CliRun pull = CliRun.run("pull", target + ":/many/a.txt", target + ":/many/b c.txt", out.toString());
        assertEquals(ExitStatus.OK, pull.status, pull.toString());
        assertEquals("alpha\n", Files.readString(out.resolve("a.txt")));
        assertEquals("bravo\n", Files.readString(out.resolve("b c.txt")));

        CliRun ontoAFile = CliRun.run("push", a.toString(), b.toString(), target + ":/many/a.txt");
        assertEquals(ExitStatus.USAGE, ontoAFile.status, ontoAFile.toString());
        assertTrue(ontoAFile.err.contains("/many/a.txt: not a directory"), ontoAFile.err);

        CliRun twoAgents = CliRun.run("pull", target + ":/many/a.txt", "127.0.0.1:9:/b", out.toString());
        assertEquals(ExitStatus.USAGE, twoAgents.status, twoAgents.toString());
        assertTrue(twoAgents.err.contains("all REMOTEs must be on one agent"), twoAgents.err);
    }

    @Test
    void aDirectoryWithoutRecursiveIsAUsageErrorAndNothingIsCopied() throws Exception {
        Path tree = tree(local.resolve("tree"));
        CliRun push = CliRun.run("push", tree.toString(), target + ":/x/");
        assertEquals(ExitStatus.USAGE, push.status, push.toString());
        assertTrue(push.err.contains(tree + ": is a directory (use -r)"), push.err);
        assertFalse(Files.exists(root.resolve("x")));

        Files.createDirectories(root.resolve("remote dir"));
        Path out = local.resolve("out");
        CliRun pull = CliRun.run("pull", target + ":/remote dir", out.toString());
        assertEquals(ExitStatus.USAGE, pull.status, pull.toString());
        assertTrue(pull.err.contains("/remote dir: is a directory (use -r)"), pull.err);
        assertFalse(Files.exists(out));
    }

    @Test
    void aPushThatFailedPartWayIsResumedByRunningItAgainAndSendsOnlyWhatIsMissingOrDifferent() throws Exception {
        Path tree = tree(local.resolve("tree"));
        // A file where the tree needs a directory: that directory and the file in it fail, the rest is stored.
        Files.createDirectories(root.resolve("dst/tree"));
        Files.writeString(root.resolve("dst/tree/sub dir"), "in the way");
        CliRun first = CliRun.run("push", "-r", tree.toString(), target + ":/dst/");
        assertEquals(ExitStatus.ERR_REPLY, first.status, first.toString());
        assertTrue(first.err.contains("push: 2 sent, 0 skipped (identical), 4 failed"), first.err);
        assertTrue(first.err.contains("sub dir/nested/deep file.txt"), first.err);

        Files.delete(root.resolve("dst/tree/sub dir"));
        Files.writeString(root.resolve("dst/tree/a.txt"), "ALPHA\n"); // same size, other bytes
        CliRun second = CliRun.run("push", "-r", tree.toString(), target + ":/dst/");
        assertEquals(ExitStatus.OK, second.status, second.toString());
        assertTrue(second.err.contains("push: 2 sent, 1 skipped (identical), 0 failed"), second.err);
        assertEquals(0, diff(tree, root.resolve("dst/tree")));
    }

    @Test
    void aPushCutOffByALostConnectionIsResumedByRunningItAgain() throws Exception {
        Path tree = tree(local.resolve("tree"));
        random(tree.resolve("sub dir/big file.bin"), 8 * 1024 * 1024, 5);
        CliRun first;
        try (FaultProxy proxy = FaultProxy.start(agent.localAddress())) {
            proxy.add(Fault.limitData(2 * 1024 * 1024).direction(Direction.UP));
            first = CliRun.run("push", "--retries", "0", "--timeout", "20s", "-r", tree.toString(),
                    "127.0.0.1:" + proxy.port() + ":/dst/");
        }
        assertEquals(ExitStatus.TEMP_FAIL, first.status, first.toString());
        int sentBefore = count(first.err, "sent");
        assertTrue(sentBefore < 4, first.err);
        assertFalse(Files.exists(root.resolve("dst/tree/sub dir/big file.bin")), "never a partial file");

        CliRun second = CliRun.run("push", "-r", tree.toString(), target + ":/dst/");
        assertEquals(ExitStatus.OK, second.status, second.toString());
        assertEquals(4 - sentBefore, count(second.err, "sent"), second.err);
        assertEquals(sentBefore, count(second.err, "skipped"), second.err);
        assertEquals(0, diff(tree, root.resolve("dst/tree")));
    }

    @Test
    void symbolicLinksInsideATreeAreSkippedWithAWarningBothWays() throws Exception {
        Path tree = tree(local.resolve("tree"));
        Files.createSymbolicLink(tree.resolve("link to a"), Path.of("a.txt"));
        Files.createSymbolicLink(tree.resolve("link out"), local);
        CliRun push = CliRun.run("push", "-r", tree.toString(), target + ":/dst/");
        assertEquals(ExitStatus.OK, push.status, push.toString());
        assertTrue(push.err.contains("warning: " + tree.resolve("link to a") + ": symbolic link, skipped"), push.err);
        assertTrue(push.err.contains("warning: " + tree.resolve("link out") + ": symbolic link, skipped"), push.err);
        assertFalse(Files.exists(root.resolve("dst/tree/link to a"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(root.resolve("dst/tree/link out"), java.nio.file.LinkOption.NOFOLLOW_LINKS));

        Files.createSymbolicLink(root.resolve("dst/tree/remote link"), Path.of("a.txt"));
        Path back = local.resolve("back");
        CliRun pull = CliRun.run("pull", "-r", target + ":/dst/tree", back.toString());
        assertEquals(ExitStatus.OK, pull.status, pull.toString());
        assertTrue(pull.err.contains("warning: /dst/tree/remote link: symbolic link, skipped"), pull.err);
        assertFalse(Files.exists(back.resolve("remote link"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        Files.delete(tree.resolve("link to a"));
        Files.delete(tree.resolve("link out"));
        assertEquals(0, diff(tree, back));
    }

    /** a.txt and b.txt (6 bytes each), sub dir/nested/deep file.txt (15 bytes), sub dir/empty too/, empty/. */
    private static Path tree(Path tree) throws IOException {
        Files.createDirectories(tree.resolve("empty"));
        Files.createDirectories(tree.resolve("sub dir/nested"));
        Files.createDirectories(tree.resolve("sub dir/empty too"));
        Files.writeString(tree.resolve("a.txt"), "alpha\n");
        Files.writeString(tree.resolve("b.txt"), "bravo\n");
        Files.writeString(tree.resolve("sub dir/nested/deep file.txt"), "deep down here\n", StandardCharsets.UTF_8);
        return tree;
    }

    private static void random(Path file, int size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, Math.min(left, chunk.length));
            }
        }
    }

    /** The number before {@code word} in the summary line. */
    private static int count(String err, String word) {
        Matcher m = Pattern.compile("parley: push: .*?(\\d+) " + word).matcher(err);
        assertTrue(m.find(), err);
        return Integer.parseInt(m.group(1));
    }

    private static int diff(Path a, Path b) throws Exception {
        Process p = new ProcessBuilder("diff", "-r", a.toString(), b.toString()).inheritIO().start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "diff -r did not finish");
        return p.exitValue();
    }
}
