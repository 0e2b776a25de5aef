package dev.parley.agent.fs;

import dev.parley.codec.text.ErrorCode;

import static dev.parley.agent.fs.AgentFilesTest.assertCode;
import static dev.parley.agent.fs.AgentFilesTest.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushWriterTest {

    @TempDir
    Path temp;

    private Path root;
    private Path outside;
    private AgentFiles files;

    @BeforeEach
    void setUp() throws IOException {
        outside = Files.createDirectory(temp.resolve("outside"));
        files = new AgentFiles(Sandbox.of(Files.createDirectory(temp.resolve("root"))));
        root = files.sandbox().root();
    }

    @Test
    void committedPushStoresTheBytesAndReportsTheirSha256() throws Exception {
        byte[] content = new byte[200_000];
        new Random(3).nextBytes(content);
        PushWriter writer = files.beginPush("/", "up/load/data.bin", content.length);
        writer.write(content, 0, 1000);
        writer.write(ByteBuffer.wrap(content, 1000, 99_000));
        writer.write(java.util.Arrays.copyOfRange(content, 100_000, content.length));
        assertFalse(Files.exists(root.resolve("up/load/data.bin")), "nothing at the target before commit");

        PushResult result = writer.commit();

        assertEquals(new PushResult("/up/load/data.bin", content.length,
                hex(MessageDigest.getInstance("SHA-256").digest(content))), result);
        assertArrayEquals(content, Files.readAllBytes(root.resolve("up/load/data.bin")));
        assertEquals(List.of(), tempFiles(root.resolve("up/load")));
    }

    @Test
    void pushReplacesAnExistingFileAtomically() throws IOException {
        Files.writeString(root.resolve("f.txt"), "old content");
        try (PushWriter writer = files.beginPush("/", "f.txt", -1)) {
            writer.write("new".getBytes(StandardCharsets.UTF_8));
            assertEquals("old content", Files.readString(root.resolve("f.txt")), "old file intact mid-push");
            assertEquals(List.of(), tempFiles(root), "nothing is visible next to the target");
            assertEquals(1, staged().size(), "bytes go to a temporary file in the staging directory");
            assertTrue(staged().get(0).getFileName().toString().matches("\\.parley-push-[0-9a-f]{16}\\.tmp"));
            assertEquals(List.of("f.txt"), files.ls("/", "/").stream().map(FileEntry::name).toList(),
                    "the staging directory is not listed");
            writer.commit();
        }
        assertEquals("new", Files.readString(root.resolve("f.txt")));
        assertEquals(List.of(), staged());
    }

    @Test
    void abortedPushLeavesNoTargetAndNoTempFileAndARetrySucceeds() throws IOException {
        PushWriter first = files.beginPush("/dir", "../f.bin", 10);
        first.write(new byte[5]);
        first.abort();
        assertFalse(Files.exists(root.resolve("f.bin")));
        assertEquals(List.of(), tempFiles(root));
        assertThrows(IllegalStateException.class, () -> first.write(new byte[1]));
        assertThrows(IllegalStateException.class, first::commit);

        try (PushWriter retry = files.beginPush("/", "f.bin", 10)) {
            retry.write(new byte[10]);
            assertEquals(10, retry.commit().length());
        }
        assertEquals(10, Files.size(root.resolve("f.bin")));
    }

    @Test
    void pushAbandonedWithoutCommitIsRolledBackOnClose() throws IOException {
        Files.writeString(root.resolve("keep.txt"), "original");
        try (PushWriter writer = files.beginPush("/", "keep.txt", -1)) {
            writer.write("half of the new".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("original", Files.readString(root.resolve("keep.txt")));
        assertEquals(List.of(), tempFiles(root));
    }

    @Test
    void shortPushFailsAtCommitAndLeavesNothing() throws IOException {
        PushWriter writer = files.beginPush("/", "short.bin", 100);
        writer.write(new byte[40]);
        SandboxException e = assertCode(ErrorCode.FAILED, writer::commit);
        assertTrue(e.getMessage().contains("length: 40 bytes (expected: 100)"), e.getMessage());
        assertFalse(Files.exists(root.resolve("short.bin")));
        assertEquals(List.of(), tempFiles(root));
    }

    @Test
    void overlongPushIsRefusedAtTheWriteThatOverflows() throws IOException {
        PushWriter writer = files.beginPush("/", "long.bin", 4);
        writer.write(new byte[3]);
        assertCode(ErrorCode.BAD_ARGS, () -> writer.write(new byte[2]));
        assertFalse(Files.exists(root.resolve("long.bin")));
        assertEquals(List.of(), tempFiles(root));
    }

    @Test
    void anOverlongCompositeChunkIsRefusedAtItsWriteNotAtTheCommit() throws IOException {
        PushWriter writer = files.beginPush("/", "long.bin", 4);
        CompositeByteBuf chunk = Unpooled.compositeBuffer()
                .addComponent(true, Unpooled.wrappedBuffer(new byte[3]))
                .addComponent(true, Unpooled.wrappedBuffer(new byte[3]));
        try {
            SandboxException e = assertCode(ErrorCode.BAD_ARGS, () -> writer.write(chunk));
            assertTrue(e.getMessage().contains("length: 6 bytes (expected: 4)"), e.getMessage());
        } finally {
            chunk.release();
        }
        assertFalse(Files.exists(root.resolve("long.bin")));
        assertEquals(List.of(), tempFiles(root));
        assertEquals(List.of(), staged());
    }

    @Test
    void emptyPushCreatesAnEmptyFile() throws IOException {
        try (PushWriter writer = files.beginPush("/", "empty", 0)) {
            PushResult result = writer.commit();
            assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", result.sha256());
        }
        assertEquals(0, Files.size(root.resolve("empty")));
    }

    @Test
    void pushRefusals() throws IOException {
        Files.createDirectory(root.resolve("dir"));
        Files.writeString(root.resolve("file"), "x");
        Files.createSymbolicLink(root.resolve("out"), outside);
        Files.createSymbolicLink(root.resolve("dangling-out"), outside.resolve("new.txt"));
        assertCode(ErrorCode.EXISTS, () -> files.beginPush("/", "dir", 1));
        assertCode(ErrorCode.EXISTS, () -> files.beginPush("/", "/", 1));
        assertCode(ErrorCode.FAILED, () -> files.beginPush("/", "file/child", 1));
        assertCode(ErrorCode.BAD_ARGS, () -> files.beginPush("/", "x", -5));
        assertCode(ErrorCode.DENIED, () -> files.beginPush("/", "out/new.txt", 1));
        assertCode(ErrorCode.DENIED, () -> files.beginPush("/", "out/deep/er/new.txt", 1));
        assertCode(ErrorCode.DENIED, () -> files.beginPush("/", "dangling-out", 1));
        assertCode(ErrorCode.DENIED, () -> files.beginPush("/", "../outside/new.txt", 1));
        try (Stream<Path> left = Files.list(outside)) {
            assertEquals(List.of(), left.toList(), "nothing was written outside");
        }
        assertEquals(List.of(), tempFiles(root));
    }

    @Test
    void staleTemporaryFilesAreCleanedUpFromTheStagingDirectoryOnlyAndRunningOnesKept() throws IOException {
        try (PushWriter running = files.beginPush("/", "a/live.bin", -1)) {
            running.write(new byte[3]);
            Path staging = root.resolve(Sandbox.STAGING_DIRECTORY);
            Path stale = Files.writeString(staging.resolve(".parley-push-0123456789abcdef.tmp"), "partial");
            Path halfMade = Files.createDirectory(staging.resolve(".parley-mkdir-0123456789abcdef"));
            Path unrelated = Files.writeString(staging.resolve("notes.txt"), "keep");
            Path elsewhere = Files.writeString(root.resolve("a/.parley-push-fedcba9876543210.tmp"), "a user's file");
            for (Path old : List.of(stale, halfMade, unrelated, elsewhere)) {
                Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
            }

            assertEquals(0, files.cleanupStaleTemps(Duration.ofHours(3)), "nothing is that old");
            assertEquals(2, files.cleanupStaleTemps(Duration.ofHours(1)));

            assertFalse(Files.exists(stale));
            assertFalse(Files.exists(halfMade));
            assertTrue(Files.exists(unrelated));
            assertTrue(Files.exists(elsewhere), "the root outside the staging directory is never walked");
            assertEquals(1, staged().size(), "the running upload keeps its file");
            assertEquals(0, files.cleanupStaleTemps(Duration.ZERO), "not even at age zero");
            running.commit();
        }
        assertEquals(3, Files.size(root.resolve("a/live.bin")));
    }

    @Test
    void theStagingDirectoryIsNotAddressableByAnyPath() throws IOException {
        try (PushWriter w = files.beginPush("/", "x", -1)) {
            w.write(new byte[1]);
            for (String path : List.of("/" + Sandbox.STAGING_DIRECTORY, Sandbox.STAGING_DIRECTORY + "/x",
                    "/a/../" + Sandbox.STAGING_DIRECTORY + "/" + staged().get(0).getFileName())) {
                assertCode(ErrorCode.DENIED, () -> files.ls("/", path));
                assertCode(ErrorCode.DENIED, () -> files.stat("/", path));
                assertCode(ErrorCode.DENIED, () -> files.openRead("/", path, 0, -1));
                assertCode(ErrorCode.DENIED, () -> files.rm("/", path, true));
                assertCode(ErrorCode.DENIED, () -> files.mv("/", path, "/y"));
                assertCode(ErrorCode.DENIED, () -> files.beginPush("/", path, 1));
                assertCode(ErrorCode.DENIED, () -> files.cd("/", path));
            }
            Files.createSymbolicLink(root.resolve("to-staging"), root.resolve(Sandbox.STAGING_DIRECTORY));
            Files.createSymbolicLink(root.resolve("to-staging-rel"), Path.of(Sandbox.STAGING_DIRECTORY));
            assertCode(ErrorCode.DENIED, () -> files.ls("/", "to-staging"));
            assertCode(ErrorCode.DENIED, () -> files.ls("/", "to-staging-rel/"));
            assertEquals(1, staged().size());
            w.commit();
        }
    }

    private List<Path> staged() throws IOException {
        return tempFiles(root.resolve(Sandbox.STAGING_DIRECTORY));
    }

    private static List<Path> tempFiles(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(PushWriter.TEMP_PREFIX)
                    && p.getFileName().toString().endsWith(PushWriter.TEMP_SUFFIX)).toList();
        }
    }
}
