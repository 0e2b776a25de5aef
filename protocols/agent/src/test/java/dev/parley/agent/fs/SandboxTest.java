package dev.parley.agent.fs;

import dev.parley.codec.text.ErrorCode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SandboxTest {

    @TempDir
    Path temp;

    private Path root;
    private Path outside;
    private Sandbox sandbox;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectory(temp.resolve("root"));
        outside = Files.createDirectory(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createDirectories(root.resolve("a/b"));
        Files.createDirectories(root.resolve("logs"));
        Files.writeString(root.resolve("a/file.txt"), "inside");
        Files.createSymbolicLink(root.resolve("dirlink-out"), outside);
        Files.createSymbolicLink(root.resolve("filelink-out"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("a/b/mid-out"), outside);
        Files.createSymbolicLink(root.resolve("dangling-out"), outside.resolve("not-yet"));
        Files.createSymbolicLink(root.resolve("relative-out"), Path.of("../outside"));
        Files.createSymbolicLink(root.resolve("link-in"), root.resolve("a"));
        Files.createSymbolicLink(root.resolve("relative-in"), Path.of("a/file.txt"));
        Files.createSymbolicLink(root.resolve("dangling-in"), Path.of("a/not-yet"));
        Files.createSymbolicLink(root.resolve("chain-out"), root.resolve("dangling-out"));
        sandbox = Sandbox.of(root);
    }

    @ParameterizedTest(name = "[{index}] cwd={0} path={1} -> {2}")
    @CsvSource({
            "/, /, /",
            "/, ., /",
            "/, a, /a",
            "/, /a/b, /a/b",
            "/, a/../b, /b",
            "/, a/./b//c/, /a/b/c",
            "/logs, x.txt, /logs/x.txt",
            "/logs, ../a, /a",
            "/logs, .., /",
            "/logs, /a, /a",
            "/, /etc/passwd, /etc/passwd",
            "/a/b, ../../logs, /logs",
            "/a/./b/.., file.txt, /a/file.txt",
    })
    void resolvesLexicallyInsideTheRoot(String cwd, String path, String expected) throws SandboxException {
        SandboxPath resolved = sandbox.resolve(cwd, path);
        assertEquals(expected, resolved.virtualPath());
        Path expectedHost = expected.equals("/") ? sandbox.root() : sandbox.root().resolve(expected.substring(1));
        assertEquals(expectedHost, resolved.hostPath());
    }

    @Test
    void hostLookingPathMeansAPathUnderTheRoot() throws SandboxException {
        SandboxPath resolved = sandbox.resolve("/", "/etc/passwd");
        assertEquals(sandbox.root().resolve("etc").resolve("passwd"), resolved.hostPath());
        assertTrue(resolved.hostPath().startsWith(sandbox.root()));
    }

    @ParameterizedTest(name = "[{index}] cwd={0} path={1}")
    @CsvSource({
            "/, ..",
            "/, /..",
            "/, ../",
            "/, a/../../x",
            "/, ../../etc/passwd",
            "/, /../../../../etc/passwd",
            "/logs, ../../x",
            "/a/b, ../../../x",
            "/, ./../x",
            "/, a/b/../../../x",
    })
    void dotDotEscapesAreDenied(String cwd, String path) {
        assertDenied(cwd, path);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "dirlink-out", "dirlink-out/secret.txt", "dirlink-out/new-file", "dirlink-out/new/deeper",
            "filelink-out", "a/b/mid-out", "a/b/mid-out/secret.txt", "/a/b/mid-out/x/y",
            "dangling-out", "dangling-out/child", "relative-out", "relative-out/secret.txt", "chain-out",
            "link-in/b/mid-out/secret.txt",
    })
    void symlinksLeadingOutsideAreDenied(String path) {
        assertDenied("/", path);
    }

    @Test
    void workingDirectoryThroughAnOutsideLinkIsDenied() {
        assertDenied("/dirlink-out", "secret.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"link-in", "link-in/file.txt", "link-in/new", "relative-in", "dangling-in",
            "dangling-in/x"})
    void symlinksStayingInsideAreAllowed(String path) throws SandboxException {
        assertTrue(sandbox.resolve("/", path).hostPath().startsWith(sandbox.root()));
    }

    @Test
    void entryResolutionDoesNotFollowTheLastLinkButChecksItsParent() throws SandboxException {
        assertEquals("/dirlink-out", sandbox.resolveEntry("/", "dirlink-out").virtualPath());
        assertEquals("/a/b/mid-out", sandbox.resolveEntry("/", "a/b/mid-out").virtualPath());
        assertThrows(SandboxException.class, () -> sandbox.resolveEntry("/", "dirlink-out/secret.txt"));
        assertThrows(SandboxException.class, () -> sandbox.resolveEntry("/", "../x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\0b", "\0", "/a/\0/b", "file.txt\0.png"})
    void nulBytesAreDenied(String path) {
        SandboxException e = assertDenied("/", path);
        assertTrue(e.getMessage().contains("NUL"), e.getMessage());
        assertFalse(e.getMessage().contains("\0"), "the NUL itself is escaped in the message");
    }

    @Test
    void nulByteInWorkingDirectoryIsDenied() {
        assertDenied("/a\0", "b");
    }

    @Test
    void veryLongNameIsACleanDenial() {
        SandboxException e = assertDenied("/", "x".repeat(10_000));
        assertTrue(e.getMessage().contains("10000"), e.getMessage());
    }

    @Test
    void nameJustOverTheLimitIsDeniedAndAtTheLimitIsAccepted() throws SandboxException {
        SandboxException e = assertDenied("/", "/a/" + "n".repeat(Sandbox.MAX_NAME_BYTES + 1));
        assertTrue(e.getMessage().contains("name length: 256 bytes (expected: <= 255)"), e.getMessage());
        String atLimit = "n".repeat(Sandbox.MAX_NAME_BYTES);
        assertEquals("/a/" + atLimit, sandbox.resolve("/", "a/" + atLimit).virtualPath());
    }

    @Test
    void multiByteNamesAreMeasuredInBytes() {
        assertDenied("/", "\u00e9".repeat(128));
    }

    @Test
    void veryLongPathOfShortNamesIsACleanDenial() {
        SandboxException e = assertDenied("/", "ab/".repeat(3_000));
        assertTrue(e.getMessage().contains("expected: <= 4096"), e.getMessage());
    }

    @Test
    void emptyPathIsBadArgs() {
        SandboxException e = assertThrows(SandboxException.class, () -> sandbox.resolve("/", ""));
        assertEquals(ErrorCode.BAD_ARGS, e.code());
    }

    @Test
    void relativeWorkingDirectoryIsBadArgs() {
        SandboxException e = assertThrows(SandboxException.class, () -> sandbox.resolve("logs", "x"));
        assertEquals(ErrorCode.BAD_ARGS, e.code());
    }

    @Test
    void rootIsKeptAsItsRealPath() throws IOException {
        Path viaLink = Files.createSymbolicLink(temp.resolve("root-link"), root);
        Sandbox linked = Sandbox.of(viaLink);
        assertEquals(root.toRealPath(), linked.root());
        assertDenied(linked, "/", "dirlink-out/secret.txt");
    }

    @Test
    void rootMustBeADirectory() throws IOException {
        Path file = Files.writeString(temp.resolve("plain"), "x");
        assertThrows(IllegalArgumentException.class, () -> Sandbox.of(file));
        assertThrows(IOException.class, () -> Sandbox.of(temp.resolve("missing")));
    }

    @Test
    void virtualPathOfMapsHostPathsBack() {
        assertEquals("/", sandbox.virtualPathOf(sandbox.root()));
        assertEquals("/a/b", sandbox.virtualPathOf(sandbox.root().resolve("a/b")));
        assertThrows(IllegalArgumentException.class, () -> sandbox.virtualPathOf(outside));
    }

    @Test
    void sandboxPathKnowsItsNameAndParent() throws SandboxException {
        SandboxPath path = sandbox.resolve("/", "a/b");
        assertEquals("b", path.name());
        assertEquals("/a", path.parentVirtualPath());
        SandboxPath top = sandbox.resolve("/", "/");
        assertTrue(top.isRoot());
        assertEquals("/", top.name());
        assertEquals("/", top.parentVirtualPath());
    }

    @Test
    void randomPathsNeverResolveOutsideTheRoot() throws IOException {
        String[] parts = {"a", "b", ".", "..", "", "logs", "dirlink-out", "link-in", "relative-in", "dangling-out",
            "mid-out", "secret.txt", "x", "\u00e9", "a\0"};
        Path realRoot = sandbox.root();
        java.util.Random random = new java.util.Random(20240611L);
        for (int i = 0; i < 5_000; i++) {
            StringBuilder path = new StringBuilder(random.nextBoolean() ? "/" : "");
            int n = 1 + random.nextInt(8);
            for (int j = 0; j < n; j++) {
                path.append(parts[random.nextInt(parts.length)]).append(j + 1 < n ? "/" : "");
            }
            String cwd = random.nextBoolean() ? "/" : "/a/b";
            SandboxPath resolved;
            try {
                resolved = sandbox.resolve(cwd, path.toString());
            } catch (SandboxException e) {
                assertTrue(e.code() == ErrorCode.DENIED || e.code() == ErrorCode.BAD_ARGS, e::getMessage);
                continue;
            }
            String virtual = resolved.virtualPath();
            assertTrue(virtual.startsWith("/") && !virtual.contains("//") && !virtual.contains("/./")
                    && !virtual.contains("/../") && !virtual.endsWith("/..") && !virtual.endsWith("/.")
                    && (virtual.equals("/") || !virtual.endsWith("/")), virtual);
            assertTrue(resolved.hostPath().startsWith(realRoot), virtual);
            if (Files.exists(resolved.hostPath())) {
                assertTrue(resolved.hostPath().toRealPath().startsWith(realRoot), virtual);
            }
        }
    }

    private SandboxException assertDenied(String cwd, String path) {
        return assertDenied(sandbox, cwd, path);
    }

    private SandboxException assertDenied(Sandbox box, String cwd, String path) {
        SandboxException e = assertThrows(SandboxException.class, () -> box.resolve(cwd, path),
                () -> "expected a denial for cwd=" + cwd + " path=" + path);
        assertEquals(ErrorCode.DENIED, e.code(), e::getMessage);
        assertFalse(e.getMessage().contains(temp.toString()), () -> "host path leaked: " + e.getMessage());
        return e;
    }
}
