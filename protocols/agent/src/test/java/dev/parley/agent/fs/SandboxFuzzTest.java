package dev.parley.agent.fs;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.testkit.FuzzRuns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes {@link Sandbox#resolve(String, String)} and {@link Sandbox#resolveEntry(String, String)} over a real tree in
 * a temporary root: directories, a file, a symbolic link inside, links leading out (to a directory beside the root,
 * to {@code /}), a dangling link inside and one out, a link loop. Paths are either free strings or built from the
 * tree's names and {@code .}, {@code ..}, empty components.
 *
 * <p>Property: a resolve either fails with a {@link SandboxException} or returns a normalised virtual path whose host
 * path lies under the root, and every existing prefix of it, links followed, is really inside the root (a dangling
 * link's target too). Seeds: {@code src/test/resources/dev/parley/agent/fs/SandboxFuzzTestInputs/resolve/}.
 */
class SandboxFuzzTest {

    private static final String[] NAMES = {
        "..", ".", "", "a", "b", "file", "in", "out", "up", "dangling-in", "dangling-out", "loop", "new", "\u00e9",
    };

    private static Path base;
    private static Path root;
    private static Sandbox sandbox;

    @BeforeAll
    static void tree() throws IOException {
        base = Files.createTempDirectory("sandbox-fuzz").toRealPath();
        root = Files.createDirectories(base.resolve("root"));
        Path outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "secret");
        Files.createDirectories(root.resolve("a/b"));
        Files.writeString(root.resolve("a/b/file"), "data");
        Files.createSymbolicLink(root.resolve("in"), root.resolve("a"));
        Files.createSymbolicLink(root.resolve("a/up"), Path.of(".."));
        Files.createSymbolicLink(root.resolve("out"), outside);
        Files.createSymbolicLink(root.resolve("a/b/out"), Path.of("/"));
        Files.createSymbolicLink(root.resolve("dangling-in"), root.resolve("a/missing"));
        Files.createSymbolicLink(root.resolve("dangling-out"), outside.resolve("missing/deeper"));
        Files.createSymbolicLink(root.resolve("loop"), root.resolve("loop"));
        sandbox = Sandbox.of(root);
    }

    @AfterAll
    static void removeTree() throws IOException {
        try (Stream<Path> walk = Files.walk(base)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    @FuzzTest(maxExecutions = FuzzRuns.EXECUTIONS, maxDuration = FuzzRuns.MAX_DURATION)
    void resolve(FuzzedDataProvider data) throws IOException {
        String cwd = data.consumeBoolean() ? data.pickValue(new String[] {"/", "/a", "/in", "/a/b", "/a/up"})
                : "/" + path(data);
        String path = path(data);
        boolean entry = data.consumeBoolean();
        SandboxPath resolved;
        try {
            resolved = entry ? sandbox.resolveEntry(cwd, path) : sandbox.resolve(cwd, path);
        } catch (SandboxException e) {
            return;
        }
        String virtual = resolved.virtualPath();
        assertTrue(virtual.startsWith("/") && !virtual.contains("//") && !virtual.matches(".*/\\.\\.?(/.*)?$")
                || virtual.equals("/"), virtual);
        Path host = resolved.hostPath();
        assertTrue(host.normalize().startsWith(root), () -> "host path outside the root: " + virtual);
        Path last = entry && !resolved.isRoot() ? host.getParent() : host;
        for (Path p = last; p != null && p.startsWith(root); p = p.getParent()) {
            assertInside(p, virtual, 0);
        }
    }

    /** An existing path must really be inside; a dangling link must point inside. */
    private static void assertInside(Path p, String virtual, int hops) throws IOException {
        if (Files.exists(p)) {
            assertTrue(p.toRealPath().startsWith(root), () -> virtual + " leads outside the root through " + p);
        } else if (Files.isSymbolicLink(p) && hops < 8) {
            Path target = p.getParent().resolve(Files.readSymbolicLink(p)).normalize();
            assertFalse(!target.startsWith(root) && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                    && !startsInside(target), () -> virtual + " is a dangling link out of the root: " + p);
            if (target.startsWith(root)) {
                assertInside(target, virtual, hops + 1);
            } else {
                assertTrue(startsInside(target), () -> virtual + " is a dangling link out of the root: " + p);
            }
        }
    }

    /** Whether the deepest existing ancestor of a path is really inside the root. */
    private static boolean startsInside(Path target) throws IOException {
        Path existing = target;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && existing.toRealPath().startsWith(root);
    }

    private static String path(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            return data.consumeString(64);
        }
        StringBuilder sb = new StringBuilder(data.consumeBoolean() ? "/" : "");
        int n = data.consumeInt(0, 6);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(data.pickValue(NAMES));
        }
        return sb.toString();
    }
}
