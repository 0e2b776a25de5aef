package dev.parley.agent.fs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Where a {@link PathWalk} ended: the open directory that holds the entry and the entry's name, or (name
 * {@code null}) that directory itself. Operations on the entry go through {@link #dir()}, so they act on the directory
 * that was walked, whatever happens to the path meanwhile. Close it to release the directory.
 */
final class Location implements Closeable {

    private final DirHandle dir;
    private final boolean owned;
    private final String name;
    private final String virtualPath;
    private final List<String> physical;

    Location(DirHandle dir, boolean owned, String name, String virtualPath, List<String> physical) {
        this.dir = dir;
        this.owned = owned;
        this.name = name;
        this.virtualPath = virtualPath;
        this.physical = List.copyOf(physical);
    }

    /** The open directory holding the entry (or being the entry, when {@link #name()} is {@code null}). */
    DirHandle dir() {
        return dir;
    }

    /** The entry's name in {@link #dir()}, or {@code null} when the location is that directory itself. */
    String name() {
        return name;
    }

    /** Whether the location is a directory that was walked into (the root, or a link's target ending in one). */
    boolean isDirectoryItself() {
        return name == null;
    }

    /** Whether the location is the sandbox root itself. */
    boolean isRoot() {
        return name == null && physical.isEmpty();
    }

    /** The virtual path as the client named it, for messages. */
    String virtualPath() {
        return virtualPath;
    }

    /** The names from the root to {@link #dir()}, links resolved. */
    List<String> physical() {
        return physical;
    }

    /** The entry's attributes (a link is not followed), or {@code null} if nothing is there. */
    BasicFileAttributes attributesOrNull() throws IOException {
        try {
            return name == null ? dir.attributes() : dir.attributes(name);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The host path of the entry with links resolved, for what only takes a path (a process's directory). */
    Path physicalHostPath(Path root) {
        Path p = root;
        for (String n : physical) {
            p = p.resolve(n);
        }
        return name == null ? p : p.resolve(name);
    }

    @Override
    public void close() {
        if (owned) {
            dir.close();
        }
    }
}
