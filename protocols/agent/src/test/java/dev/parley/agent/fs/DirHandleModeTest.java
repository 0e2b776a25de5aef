package dev.parley.agent.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Setting a mode acts on the entry itself and never follows a link in its place: a link swapped in for a file between
 * the walk and the use makes the call fail, and the file the link points to keeps its mode.
 */
class DirHandleModeTest {

    @TempDir
    Path temp;

    @Test
    void aLinkInPlaceOfTheEntryIsNeverFollowed() throws Exception {
        Path outside = Files.writeString(temp.resolve("outside"), "secret");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-------"));
        Path dir = Files.createDirectory(temp.resolve("dir"));
        Files.createSymbolicLink(dir.resolve("swapped"), outside);
        try (DirHandle handle = DirHandle.open(dir)) {
            assumeTrue(handle.isSecure(), "SecureDirectoryStream (Linux)");
            assertThrows(IOException.class, () -> handle.setMode("swapped", 0777));
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(outside)));
    }

    @Test
    void theModeOfARegularEntryIsReadAndSet() throws Exception {
        Path dir = Files.createDirectory(temp.resolve("dir"));
        Files.writeString(dir.resolve("f"), "x");
        try (DirHandle handle = DirHandle.open(dir)) {
            assumeTrue(handle.setMode("f", 0640), "POSIX permissions");
            assertEquals(0640, handle.mode("f"));
        }
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("f"))));
    }
}
