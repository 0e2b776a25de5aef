package dev.parley.agent.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacker is a local process that may create symbolic links inside the root: it keeps swapping {@code /race}
 * between a real directory and a link to a directory outside the root that holds a secret, while the agent pulls,
 * hashes, lists, pushes, mkdirs, moves and removes through {@code /race/...}. Not once may the secret come back,
 * nor anything outside change. The attack runs for {@code parley.race.millis} (default 1500 ms) or
 * {@code parley.race.rounds} rounds (default 100000), whichever ends first.
 */
public class SymlinkSwapRaceTest {

    private static final long MILLIS = Long.getLong("parley.race.millis", 1500);
    private static final long ROUNDS = Long.getLong("parley.race.rounds", 100_000);
    private static final int[] OPS = ops();

    @TempDir
    Path temp;

    private Path root;
    private Path outside;
    private Sandbox sandbox;
    private AgentFiles files;
    private SymlinkSwapper swapper;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "symbolic links without privileges");
        sandbox = Sandbox.of(Files.createDirectory(temp.resolve("root")));
        assumeTrue(sandbox.isRaceFree(), "confinement at the moment of use needs a SecureDirectoryStream");
        files = new AgentFiles(sandbox);
        root = sandbox.root();
        outside = Files.createDirectory(temp.resolve("outside"));
        swapper = SymlinkSwapper.start(root, outside);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (swapper != null) {
            swapper.stop();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void swappingADirectoryForALinkOutNeverLetsAnOperationReachOutside() throws Exception {
        List<String> leaks = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMillis(MILLIS).toNanos();
        long rounds = 0;
        long served = 0;
        long denied = 0;
        String secretSha = AgentFilesTest.hex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(SymlinkSwapper.SECRET.getBytes(StandardCharsets.UTF_8)));
        while (rounds < ROUNDS && System.nanoTime() < deadline && leaks.size() < 5) {
            rounds++;
            int op = OPS[(int) (rounds % OPS.length)];
            try {
                switch (op) {
                    case 0 -> {
                        try (ReadRegion region = files.openRead("/", "/race/passwd", 0, -1)) {
                            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(region.count(), 1024));
                            region.channel().read(buffer, region.position());
                            String read = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
                            if (read.contains("SECRET")) {
                                leaks.add("pull returned " + read);
                            }
                        }
                    }
                    case 1 -> {
                        if (files.hash("/", "/race/passwd", HashAlgorithm.SHA256).equals(secretSha)) {
                            leaks.add("hash of the secret");
                        }
                    }
                    case 2 -> {
                        for (FileEntry e : files.ls("/", "/race")) {
                            if (e.name().equals(SymlinkSwapper.OUTSIDE_ONLY)) {
                                leaks.add("ls listed the outside directory");
                            }
                        }
                    }
                    case 3 -> {
                        try (PushWriter w = files.beginPush("/", "/race/pushed-" + rounds, -1)) {
                            w.write("pushed".getBytes(StandardCharsets.UTF_8));
                            w.commit();
                        }
                    }
                    case 4 -> files.mkdir("/", "/race/made-" + rounds + "/sub");
                    case 5 -> files.mv("/", "/race/" + SymlinkSwapper.VICTIM, "/stolen-" + rounds);
                    case 6 -> files.rm("/", "/race/" + SymlinkSwapper.VICTIM, false);
                    default -> {
                        FileEntry e = files.stat("/", "/race/" + SymlinkSwapper.OUTSIDE_ONLY);
                        leaks.add("stat saw the outside directory: " + e);
                    }
                }
                served++;
            } catch (SandboxException expected) {
                // NOT_FOUND, DENIED, FAILED: the swap was seen; what matters is that nothing leaked.
                if (expected.code() == dev.parley.codec.text.ErrorCode.DENIED) {
                    denied++;
                }
            }
            if (op >= 3 && op <= 6 && !swapper.outsideNames().equals(SymlinkSwapper.OUTSIDE)) {
                leaks.add("outside changed by op " + op + " in round " + rounds + ": " + swapper.outsideNames());
                swapper.restoreOutside();
            }
        }
        swapper.stop();
        String stats = rounds + " rounds, " + swapper.swaps() + " swaps, " + served + " served, " + denied + " denied";
        assertTrue(swapper.swaps() > 100 && served > 10 && denied > 10, "the attack was live: " + stats);
        assertEquals(List.of(), leaks, stats);
        assertTrue(swapper.outsideIntact(), () -> "outside changed: " + swapper.outsideNames());
        assertEquals(List.of(), secretsInside(root), "no copy of the secret inside the root");
    }

    /** Mostly pulls; every other verb a few times; one push (it forces its file to disk, which is slow here). */
    private static int[] ops() {
        int[] ops = new int[64];
        for (int i = 0; i < ops.length; i++) {
            ops[i] = i % 2 == 0 ? 0 : 1 + (i / 2) % 7;
        }
        ops[ops.length - 1] = 3;
        for (int i = 0; i < ops.length - 1; i++) {
            if (ops[i] == 3) {
                ops[i] = 0;
            }
        }
        return ops;
    }

    /** Regular files under the root whose content holds the secret. */
    public static List<Path> secretsInside(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).filter(p -> {
                try {
                    return Files.readString(p, StandardCharsets.ISO_8859_1).contains("SECRET");
                } catch (IOException e) {
                    return false;
                }
            }).toList();
        }
    }
}
