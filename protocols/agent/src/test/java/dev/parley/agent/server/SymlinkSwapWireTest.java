package dev.parley.agent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.agent.fs.ExecPolicy;
import dev.parley.agent.fs.Sandbox;
import dev.parley.agent.fs.SymlinkSwapRaceTest;
import dev.parley.agent.fs.SymlinkSwapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The symlink-swap attack against a real agent over its socket: while {@code /race} keeps flipping between a real
 * directory and a link to a directory outside the root, every verb that takes a path goes through {@code /race}
 * (exec too, with {@code /race} as its working directory). No reply may carry the secret or an outside name, and
 * nothing outside may change. Runs for {@code parley.race.millis} (default 2500 ms).
 */
class SymlinkSwapWireTest {

    private static final long MILLIS = Long.getLong("parley.race.millis", 2500);

    @TempDir
    Path temp;

    @Test
    void noVerbReachesOutsideWhileADirectoryOnItsPathIsSwappedForALink() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "symbolic links");
        try (Sandbox probe = Sandbox.of(temp)) {
            assumeTrue(probe.isRaceFree(), "confinement at the moment of use needs a SecureDirectoryStream");
        }
        Path outside = Files.createDirectory(temp.resolve("outside"));
        ExecPolicy exec = ExecPolicy.builder().allow("pwd").timeLimit(Duration.ofSeconds(5)).build();
        List<String> leaks = new ArrayList<>();
        long rounds = 0;
        long served = 0;
        long denied = 0;
        SymlinkSwapper swapper = null;
        try (AgentFixture fx = new AgentFixture(Files.createDirectories(temp.resolve("root")),
                AgentServer.builder().execPolicy(exec));
             NcClient nc = fx.nc()) {
            swapper = SymlinkSwapper.start(fx.root, outside, true);
            String outsidePath = outside.toRealPath().toString();
            long deadline = System.nanoTime() + Duration.ofMillis(MILLIS).toNanos();
            while (System.nanoTime() < deadline && leaks.size() < 5) {
                rounds++;
                // Mostly reads; a push forces a file to disk and an exec starts a process, both slow here.
                NcClient.Wire reply = switch ((int) (rounds % 20)) {
                    case 1, 11 -> nc.call("hash /race/passwd");
                    case 3, 13 -> nc.call("ls /race");
                    case 5 -> nc.callWithBody("push /race/pushed-" + rounds, "pushed".getBytes(StandardCharsets.UTF_8));
                    case 6, 16 -> nc.call("mkdir /race/made-" + rounds);
                    case 7, 17 -> nc.call("mv /race/" + SymlinkSwapper.VICTIM + " /stolen-" + rounds);
                    case 8, 18 -> nc.call("rm /race/" + SymlinkSwapper.VICTIM);
                    case 9 -> {
                        nc.call("cd /");
                        nc.call("cd /race");
                        NcClient.Wire pwd = nc.call("exec pwd");
                        nc.call("cd /");
                        yield pwd;
                    }
                    default -> nc.call("pull /race/passwd");
                };
                if (reply.line().startsWith("ERR DENIED")) {
                    denied++;
                } else if (reply.line().startsWith("OK")) {
                    served++;
                }
                String text = reply.line() + (reply.body() == null ? "" : reply.bodyText());
                if (text.contains("SECRET") || text.contains(SymlinkSwapper.OUTSIDE_ONLY)
                        || text.contains(outsidePath)) {
                    leaks.add("round " + rounds + ": " + text.lines().findFirst().orElse("") + " ...");
                }
                if (!swapper.outsideNames().equals(SymlinkSwapper.OUTSIDE)) {
                    leaks.add("outside changed in round " + rounds + ": " + swapper.outsideNames());
                    swapper.restoreOutside();
                }
            }
            swapper.stop();
            assertEquals("OK pong", nc.call("ping").line(), "the session survived the attack");
            String stats = rounds + " rounds, " + swapper.swaps() + " swaps, " + served + " served, " + denied
                    + " denied";
            assertTrue(swapper.swaps() > 100 && served > 10 && denied > 10, "the attack was live: " + stats);
            assertEquals(List.of(), leaks, stats);
            assertTrue(swapper.outsideIntact(), "outside changed: " + swapper.outsideNames());
            assertEquals(List.of(), SymlinkSwapRaceTest.secretsInside(fx.root));
        } finally {
            if (swapper != null) {
                swapper.stop();
            }
        }
    }
}
