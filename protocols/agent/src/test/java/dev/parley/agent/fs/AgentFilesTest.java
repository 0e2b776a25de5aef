package dev.parley.agent.fs;

import dev.parley.codec.text.ErrorCode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class AgentFilesTest {

    @TempDir
    Path temp;

    private Path root;
    private Path outside;
    private AgentFiles files;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectory(temp.resolve("root"));
        outside = Files.createDirectory(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        files = new AgentFiles(Sandbox.of(root));
        root = files.sandbox().root();
    }

    // --- cd -----------------------------------------------------------------------------------------------------

    @Test
    void cdReturnsTheNormalisedDirectoryAndRefusesFilesAndMissingPaths() throws IOException {
        Files.createDirectories(root.resolve("logs/old"));
        Files.writeString(root.resolve("logs/a.txt"), "a");
        assertEquals("/logs", files.cd("/", "logs"));
        assertEquals("/logs/old", files.cd("/logs", "./old/"));
        assertEquals("/", files.cd("/logs/old", "../.."));
        assertCode(ErrorCode.NOT_FOUND, () -> files.cd("/", "missing"));
        assertCode(ErrorCode.FAILED, () -> files.cd("/logs", "a.txt"));
        assertCode(ErrorCode.DENIED, () -> files.cd("/", ".."));
    }

    @Test
    void cdIntoALinkToOutsideIsDenied() throws IOException {
        Files.createSymbolicLink(root.resolve("out"), outside);
        assertCode(ErrorCode.DENIED, () -> files.cd("/", "out"));
    }

    // --- ls / stat -------------------------------------------------------------------------------------------

    @Test
    void lsListsEntriesSortedByNameWithTypeSizeAndTime() throws IOException {
        Files.createDirectory(root.resolve("dir"));
        Files.write(root.resolve("b.bin"), new byte[1234]);
        Files.writeString(root.resolve("a.txt"), "hello");
        Files.createSymbolicLink(root.resolve("c-link"), root.resolve("a.txt"));
        Files.createSymbolicLink(root.resolve("d-out"), outside);
        FileTime mtime = FileTime.fromMillis(1_600_000_000_000L);
        Files.setLastModifiedTime(root.resolve("a.txt"), mtime);

        List<FileEntry> entries = files.ls("/", ".");

        assertEquals(List.of("a.txt", "b.bin", "c-link", "d-out", "dir"), entries.stream().map(FileEntry::name)
                .toList());
        assertEquals(new FileEntry(EntryType.FILE, 5, 1_600_000_000_000L, "a.txt"), entries.get(0));
        assertEquals(1234, entries.get(1).size());
        assertEquals(EntryType.LINK, entries.get(2).type());
        assertEquals(EntryType.LINK, entries.get(3).type(), "a link out is listed, not followed");
        assertEquals(EntryType.DIRECTORY, entries.get(4).type());
        assertEquals('d', entries.get(4).type().code());
    }

    @Test
    void lsOfAFileListsThatFile() throws IOException {
        Files.createDirectories(root.resolve("logs"));
        Files.writeString(root.resolve("logs/app.log"), "12345678");
        List<FileEntry> entries = files.ls("/logs", "app.log");
        assertEquals(1, entries.size());
        assertEquals("app.log", entries.get(0).name());
        assertEquals(EntryType.FILE, entries.get(0).type());
        assertEquals(8, entries.get(0).size());
    }

    @Test
    void lsOfEmptyDirectoryIsEmptyAndOfMissingPathIsNotFound() throws IOException {
        Files.createDirectory(root.resolve("empty"));
        assertEquals(List.of(), files.ls("/", "/empty"));
        assertCode(ErrorCode.NOT_FOUND, () -> files.ls("/", "nope"));
        assertCode(ErrorCode.DENIED, () -> files.ls("/", "../outside"));
    }

    @Test
    void statDescribesFilesDirectoriesLinksAndTheRoot() throws IOException {
        Files.createDirectory(root.resolve("dir"));
        Files.writeString(root.resolve("dir/f"), "abc");
        Files.createSymbolicLink(root.resolve("ln"), Path.of("dir/f"));
        assertEquals(EntryType.FILE, files.stat("/dir", "f").type());
        assertEquals(3, files.stat("/dir", "f").size());
        assertEquals(Files.getLastModifiedTime(root.resolve("dir/f")).toMillis(), files.stat("/", "dir/f")
                .mtimeMillis());
        assertEquals(EntryType.DIRECTORY, files.stat("/", "dir").type());
        assertEquals(EntryType.LINK, files.stat("/", "ln").type());
        assertEquals("/", files.stat("/", "/").name());
        assertCode(ErrorCode.NOT_FOUND, () -> files.stat("/", "dir/missing"));
    }

    // --- hash ------------------------------------------------------------------------------------------------

    @Test
    void hashMatchesMessageDigestForSha256AndMd5() throws Exception {
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        Files.write(root.resolve("data.bin"), content);

        assertEquals(hex(MessageDigest.getInstance("SHA-256").digest(content)),
                files.hash("/", "data.bin", HashAlgorithm.SHA256));
        assertEquals(hex(MessageDigest.getInstance("MD5").digest(content)),
                files.hash("/", "data.bin", HashAlgorithm.MD5));
    }

    @Test
    void hashOfKnownContentIsTheWellKnownDigest() throws IOException {
        Files.writeString(root.resolve("abc.txt"), "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                files.hash("/", "abc.txt", HashAlgorithm.parse("sha256")));
        assertEquals("900150983cd24fb0d6963f7d28e17f72", files.hash("/", "abc.txt", HashAlgorithm.parse("MD5")));
        Files.createFile(root.resolve("empty"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                files.hash("/", "empty", HashAlgorithm.parse(null)));
    }

    @Test
    void hashRefusesDirectoriesMissingFilesUnknownAlgorithmsAndLinksOut() throws IOException {
        Files.createDirectory(root.resolve("dir"));
        Files.createSymbolicLink(root.resolve("secret"), outside.resolve("secret.txt"));
        assertCode(ErrorCode.FAILED, () -> files.hash("/", "dir", HashAlgorithm.SHA256));
        assertCode(ErrorCode.NOT_FOUND, () -> files.hash("/", "nope", HashAlgorithm.SHA256));
        assertCode(ErrorCode.BAD_ARGS, () -> HashAlgorithm.parse("sha1"));
        assertCode(ErrorCode.DENIED, () -> files.hash("/", "secret", HashAlgorithm.SHA256));
    }

    // --- mkdir -----------------------------------------------------------------------------------------------

    @Test
    void mkdirCreatesParentsAndIsIdempotent() throws IOException {
        assertEquals("/a/b/c", files.mkdir("/", "a/b/c"));
        assertTrue(Files.isDirectory(root.resolve("a/b/c")));
        assertEquals("/a/b/c", files.mkdir("/a", "b/c"));
        assertEquals("/", files.mkdir("/", "/"));
        assertTrue(Files.isDirectory(root.resolve("a/b/c")));
    }

    @Test
    void theStagingDirectorySwappedForALinkOutRedirectsNothing() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(files.sandbox().isRaceFree()
                && Files.isDirectory(Path.of("/proc/self/fd")), "directories made through /proc/self/fd");
        files.mkdir("/", "first");
        Path staging = root.resolve(Sandbox.STAGING_DIRECTORY);
        Files.move(staging, root.resolve("moved-away"));
        Files.createSymbolicLink(staging, outside);

        assertEquals("/second/third", files.mkdir("/", "second/third"));
        try (PushWriter w = files.beginPush("/second", "f.txt", 1)) {
            w.write(new byte[] {'x'});
            w.commit();
        }

        assertTrue(Files.isDirectory(root.resolve("second/third"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("x", Files.readString(root.resolve("second/f.txt")));
        try (java.util.stream.Stream<Path> left = Files.list(outside)) {
            assertEquals(List.of(outside.resolve("secret.txt")), left.toList(), "nothing was made outside");
        }
    }

    @Test
    void mkdirOverAFileIsExistsAndThroughALinkOutIsDenied() throws IOException {
        Files.writeString(root.resolve("f"), "x");
        Files.createSymbolicLink(root.resolve("out"), outside);
        assertCode(ErrorCode.EXISTS, () -> files.mkdir("/", "f"));
        assertCode(ErrorCode.DENIED, () -> files.mkdir("/", "out/new"));
        assertFalse(Files.exists(outside.resolve("new")));
    }

    // --- rm --------------------------------------------------------------------------------------------------

    @Test
    void rmRemovesFilesAndEmptyDirectories() throws IOException {
        Files.writeString(root.resolve("f"), "x");
        Files.createDirectory(root.resolve("empty"));
        files.rm("/", "f", false);
        files.rm("/", "empty", false);
        assertFalse(Files.exists(root.resolve("f")));
        assertFalse(Files.exists(root.resolve("empty")));
        assertCode(ErrorCode.NOT_FOUND, () -> files.rm("/", "f", false));
    }

    @Test
    void rmOfNonEmptyDirectoryNeedsRecursive() throws IOException {
        Files.createDirectories(root.resolve("d/sub"));
        Files.writeString(root.resolve("d/sub/f"), "x");
        SandboxException e = assertCode(ErrorCode.FAILED, () -> files.rm("/", "d", false));
        assertTrue(e.getMessage().contains("/d"), e.getMessage());
        assertTrue(Files.exists(root.resolve("d/sub/f")));

        files.rm("/", "d", true);
        assertFalse(Files.exists(root.resolve("d")));
    }

    @Test
    void rmRecursiveRemovesLinksAsLinksAndNeverFollowsThem() throws IOException {
        Files.createDirectories(root.resolve("d"));
        Files.createSymbolicLink(root.resolve("d/out"), outside);
        Files.createSymbolicLink(root.resolve("top-out"), outside);
        Files.createSymbolicLink(root.resolve("file-out"), outside.resolve("secret.txt"));

        files.rm("/", "d", true);
        files.rm("/", "top-out", true);
        files.rm("/", "file-out", false);

        assertFalse(Files.exists(root.resolve("d"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(root.resolve("top-out"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(root.resolve("file-out"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("secret", Files.readString(outside.resolve("secret.txt")), "the outside is untouched");
    }

    @Test
    void rmOfTheRootOrOutsideIsDenied() throws IOException {
        Files.writeString(root.resolve("keep"), "x");
        Files.createSymbolicLink(root.resolve("out"), outside);
        assertCode(ErrorCode.DENIED, () -> files.rm("/", "/", true));
        assertCode(ErrorCode.DENIED, () -> files.rm("/logs", "..", true));
        assertCode(ErrorCode.DENIED, () -> files.rm("/", "a/../..", true));
        assertCode(ErrorCode.DENIED, () -> files.rm("/", "out/secret.txt", false));
        assertTrue(Files.exists(root.resolve("keep")));
        assertTrue(Files.exists(outside.resolve("secret.txt")));
    }

    // --- mv --------------------------------------------------------------------------------------------------

    @Test
    void mvRenamesAndReplacesAnExistingFile() throws IOException {
        Files.writeString(root.resolve("a"), "new");
        Files.writeString(root.resolve("b"), "old");
        assertEquals("/b", files.mv("/", "a", "b"));
        assertFalse(Files.exists(root.resolve("a")));
        assertEquals("new", Files.readString(root.resolve("b")));
    }

    @Test
    void mvIntoAnExistingDirectoryKeepsTheName() throws IOException {
        Files.createDirectory(root.resolve("dir"));
        Files.writeString(root.resolve("f.txt"), "x");
        assertEquals("/dir/f.txt", files.mv("/", "f.txt", "dir"));
        assertEquals("x", Files.readString(root.resolve("dir/f.txt")));
    }

    @Test
    void mvOfDirectoriesAndItsRefusals() throws IOException {
        Files.createDirectories(root.resolve("src/inner"));
        Files.writeString(root.resolve("file"), "x");
        assertCode(ErrorCode.BAD_ARGS, () -> files.mv("/", "src", "src/inner"));
        assertCode(ErrorCode.EXISTS, () -> files.mv("/", "src", "file"));
        assertCode(ErrorCode.NOT_FOUND, () -> files.mv("/", "missing", "x"));
        assertCode(ErrorCode.NOT_FOUND, () -> files.mv("/", "file", "no/such/dir/file"));
        assertCode(ErrorCode.DENIED, () -> files.mv("/", "/", "x"));
        assertCode(ErrorCode.DENIED, () -> files.mv("/", "file", "../escaped"));
        assertEquals("/dst", files.mv("/", "src", "dst"));
        assertTrue(Files.isDirectory(root.resolve("dst/inner")));
        assertEquals("/file", files.mv("/", "file", "/file"));
    }

    @Test
    void mvThroughALinkToOutsideIsDenied() throws IOException {
        Files.writeString(root.resolve("f"), "x");
        Files.createSymbolicLink(root.resolve("out"), outside);
        assertCode(ErrorCode.DENIED, () -> files.mv("/", "f", "out"));
        assertCode(ErrorCode.DENIED, () -> files.mv("/", "out/secret.txt", "stolen"));
        assertTrue(Files.exists(root.resolve("f")));
        assertFalse(Files.exists(outside.resolve("f")));
    }

    // --- pull (openRead) -------------------------------------------------------------------------------------

    @Test
    void openReadReturnsTheRequestedRange() throws IOException {
        Files.writeString(root.resolve("f"), "0123456789");
        try (ReadRegion region = files.openRead("/", "f", 3, 4)) {
            assertEquals(3, region.position());
            assertEquals(4, region.count());
            assertEquals("/f", region.virtualPath());
            ByteBuffer buffer = ByteBuffer.allocate(4);
            region.channel().read(buffer, region.position());
            assertEquals("3456", new String(buffer.array(), StandardCharsets.US_ASCII));
        }
        try (ReadRegion rest = files.openRead("/", "f", 7, -1)) {
            assertEquals(3, rest.count());
        }
        try (ReadRegion end = files.openRead("/", "f", 10, 0)) {
            assertEquals(0, end.count());
        }
    }

    @Test
    void openReadChecksTheRangeAndTheFile() throws IOException {
        Files.writeString(root.resolve("f"), "0123456789");
        Files.createDirectory(root.resolve("d"));
        Files.createSymbolicLink(root.resolve("out"), outside.resolve("secret.txt"));
        SandboxException e = assertCode(ErrorCode.BAD_ARGS, () -> files.openRead("/", "f", 11, -1));
        assertTrue(e.getMessage().contains("offset: 11 (expected: <= 10)"), e.getMessage());
        assertCode(ErrorCode.BAD_ARGS, () -> files.openRead("/", "f", 5, 6));
        assertCode(ErrorCode.BAD_ARGS, () -> files.openRead("/", "f", -1, 1));
        assertCode(ErrorCode.BAD_ARGS, () -> files.openRead("/", "f", 0, -2));
        assertCode(ErrorCode.BAD_ARGS, () -> files.openRead("/", "f", 1, Long.MAX_VALUE));
        assertCode(ErrorCode.NOT_FOUND, () -> files.openRead("/", "nope", 0, -1));
        assertCode(ErrorCode.FAILED, () -> files.openRead("/", "d", 0, -1));
        assertCode(ErrorCode.DENIED, () -> files.openRead("/", "out", 0, -1));
        assertCode(ErrorCode.DENIED, () -> files.openRead("/", "../outside/secret.txt", 0, -1));
    }

    // --- links inside the root are followed by walking their targets ---------------------------------------------

    @Test
    void linksThatStayInsideAreFollowedComponentByComponent() throws IOException {
        Files.createDirectories(root.resolve("a/b/c"));
        Files.writeString(root.resolve("a/b/f.txt"), "x");
        Files.createSymbolicLink(root.resolve("a/b/c/back"), Path.of("../f.txt"));
        Files.createSymbolicLink(root.resolve("parent-of-c"), Path.of("a/b/c/.."));
        Files.createSymbolicLink(root.resolve("abs"), root.resolve("a/b"));
        Files.createSymbolicLink(root.resolve("chain"), Path.of("abs/c/back"));

        assertEquals("x", read(files.openRead("/", "a/b/c/back", 0, -1)));
        assertEquals("x", read(files.openRead("/", "chain", 0, -1)), "links through links");
        assertEquals(List.of("c", "f.txt"), files.ls("/", "parent-of-c").stream().map(FileEntry::name).toList(),
                "'..' in a link target is the physical parent");
        assertEquals("/abs/c/new", files.mkdir("/", "abs/c/new"));
        assertTrue(Files.isDirectory(root.resolve("a/b/c/new"), LinkOption.NOFOLLOW_LINKS));
        try (PushWriter w = files.beginPush("/abs", "c/new/pushed.txt", -1)) {
            w.write("y".getBytes(StandardCharsets.UTF_8));
            w.commit();
        }
        assertEquals("y", Files.readString(root.resolve("a/b/c/new/pushed.txt")));
        assertEquals("/abs", files.cd("/", "abs"));
        assertEquals(EntryType.LINK, files.stat("/", "chain").type());
    }

    @Test
    void linksThatLeaveOrLoopAreRefused() throws IOException {
        Files.createDirectories(root.resolve("a/b"));
        Files.createSymbolicLink(root.resolve("a/b/up-and-out"), Path.of("../../../outside/secret.txt"));
        Files.createSymbolicLink(root.resolve("a/via-dotdot"), Path.of("b/../../../outside"));
        Files.createSymbolicLink(root.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(root.resolve("loop2"), Path.of("loop1"));
        Files.createSymbolicLink(root.resolve("lexical-trap"), root.resolve("a/../../outside"));

        assertCode(ErrorCode.DENIED, () -> files.openRead("/", "a/b/up-and-out", 0, -1));
        assertCode(ErrorCode.DENIED, () -> files.ls("/", "a/via-dotdot"));
        assertCode(ErrorCode.DENIED, () -> files.ls("/", "lexical-trap"));
        assertCode(ErrorCode.DENIED, () -> files.mkdir("/", "a/via-dotdot/new"));
        SandboxException loop = assertCode(ErrorCode.FAILED, () -> files.openRead("/", "loop1", 0, -1));
        assertTrue(loop.getMessage().contains("more than 40 symbolic links"), loop.getMessage());
        assertFalse(Files.exists(outside.resolve("new")));
    }

    private static String read(ReadRegion region) throws IOException {
        try (region) {
            ByteBuffer buffer = ByteBuffer.allocate((int) region.count());
            region.channel().read(buffer, region.position());
            return new String(buffer.array(), StandardCharsets.UTF_8);
        }
    }

    // --- long names and NUL bytes reach every operation as clean errors ----------------------------------------

    @Test
    void everyOperationTurnsLongNamesAndNulBytesIntoDenials() {
        for (String bad : List.of("x".repeat(10_000), "a\0b", "/..", "../../etc/passwd")) {
            assertCode(ErrorCode.DENIED, () -> files.ls("/", bad));
            assertCode(ErrorCode.DENIED, () -> files.stat("/", bad));
            assertCode(ErrorCode.DENIED, () -> files.cd("/", bad));
            assertCode(ErrorCode.DENIED, () -> files.mkdir("/", bad));
            assertCode(ErrorCode.DENIED, () -> files.rm("/", bad, true));
            assertCode(ErrorCode.DENIED, () -> files.mv("/", bad, "x"));
            assertCode(ErrorCode.DENIED, () -> files.hash("/", bad, HashAlgorithm.SHA256));
            assertCode(ErrorCode.DENIED, () -> files.openRead("/", bad, 0, -1));
            assertCode(ErrorCode.DENIED, () -> files.beginPush("/", bad, -1));
        }
    }

    @Test
    void hostPathsNeverAppearInMessages() throws IOException {
        Files.writeString(root.resolve("f"), "x");
        List<Executable> failures = List.of(
                () -> files.ls("/", "missing"),
                () -> files.rm("/", "missing", false),
                () -> files.mkdir("/", "f"),
                () -> files.hash("/", "missing", HashAlgorithm.MD5),
                () -> files.mv("/", "f", "no/dir/f"),
                () -> files.openRead("/", "f", 9, 9),
                () -> files.beginPush("/", "f/child", 1));
        for (Executable failure : failures) {
            SandboxException e = assertThrows(SandboxException.class, failure);
            assertFalse(e.getMessage().contains(temp.toString()), e.getMessage());
        }
    }

    static SandboxException assertCode(ErrorCode expected, Executable executable) {
        SandboxException e = assertThrows(SandboxException.class, executable);
        assertEquals(expected, e.code(), e::getMessage);
        return e;
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02x", b & 0xff));
        }
        return sb.toString();
    }

    static void assertSameBytes(byte[] expected, Path file) throws IOException {
        assertArrayEquals(expected, Files.readAllBytes(file));
    }
}
