package dev.parley.agent.fs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;

/**
 * An open directory and the operations on its entries, by name (one component, never a path). With a
 * {@link SecureDirectoryStream} (Linux) every operation is relative to the open directory ({@code openat},
 * {@code fstatat}, {@code unlinkat}, {@code renameat}) and no symbolic link is followed, so what the handle reaches
 * cannot be redirected by renaming or replacing a directory on its way. Elsewhere the handle holds a host path and
 * checks each component when it is opened: a swap between that check and the use still redirects (see
 * {@link #isSecure()}).
 */
abstract class DirHandle implements Closeable {

    /** Opens a directory by its host path, preferring the secure kind. */
    static DirHandle open(Path directory) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(directory);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return new SecureDirHandle(directory, secure);
        }
        stream.close();
        return new PathDirHandle(directory);
    }

    /** Returns whether operations are relative to an open directory (not re-resolved by path). */
    abstract boolean isSecure();

    /** Returns the host path this directory had when it was reached; for logs and path-based fallbacks only. */
    abstract Path hostPath();

    /** Opens a child directory without following a link; fails if {@code name} is a link or not a directory. */
    abstract DirHandle openDirectory(String name) throws IOException;

    /** Opens this directory once more, for a listing (a secure stream is iterated only once). */
    abstract DirHandle reopen() throws IOException;

    /** Reads an entry's attributes without following a link; {@link java.nio.file.NoSuchFileException} if absent. */
    abstract BasicFileAttributes attributes(String name) throws IOException;

    /** Reads this directory's own attributes. */
    abstract BasicFileAttributes attributes() throws IOException;

    /** Opens an entry as a file; a link in its place is refused, never followed. */
    abstract FileChannel openFile(String name, Set<? extends OpenOption> options) throws IOException;

    /** Removes a non-directory entry (a link is removed as a link). */
    abstract void deleteFile(String name) throws IOException;

    /** Removes an empty directory entry. */
    abstract void deleteDirectory(String name) throws IOException;

    /** Renames an entry into another open directory in one atomic step, replacing a file there. */
    abstract void move(String name, DirHandle target, String targetName) throws IOException;

    /** Lists the entry names; may be called once per handle. */
    abstract List<String> names() throws IOException;

    /**
     * Reads an entry's permission bits without following a link.
     *
     * @return 0 to {@code 0777}, or {@link FileMode#UNKNOWN} where the file system has no POSIX permissions
     */
    abstract int mode(String name) throws IOException;

    /**
     * Sets an entry's permission bits without following a link (a link in its place fails, it is never followed).
     *
     * @return false where the file system has no POSIX permissions (nothing was changed)
     */
    abstract boolean setMode(String name, int mode) throws IOException;

    /** Forces the directory's entries to disk, where the platform allows it. */
    abstract void sync();

    @Override
    public abstract void close();
}
