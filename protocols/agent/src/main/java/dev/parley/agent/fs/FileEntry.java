package dev.parley.agent.fs;

import java.util.Objects;

/**
 * One line of a listing or the answer to a stat: what a directory entry is, without following it if it is a link.
 *
 * @param type        directory, file, link or other
 * @param size        the size in bytes as the file system reports it (for a link, the length of its target)
 * @param mtimeMillis the last modification time in milliseconds since the epoch
 * @param name        the entry's name ({@code /} for the root)
 * @param mode        the permission bits (0 to {@code 0777}), or {@link FileMode#UNKNOWN} where not known (listings,
 *                    non-POSIX file systems, agents that do not report them)
 */
public record FileEntry(EntryType type, long size, long mtimeMillis, String name, int mode) {

    /**
     * Checks the components.
     *
     * @param type        the entry type
     * @param size        the size in bytes
     * @param mtimeMillis the modification time
     * @param name        the name
     */
    public FileEntry {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
    }

    /**
     * Creates an entry whose permission bits are not known.
     *
     * @param type        the entry type
     * @param size        the size in bytes
     * @param mtimeMillis the modification time
     * @param name        the name
     */
    public FileEntry(EntryType type, long size, long mtimeMillis, String name) {
        this(type, size, mtimeMillis, name, FileMode.UNKNOWN);
    }
}
