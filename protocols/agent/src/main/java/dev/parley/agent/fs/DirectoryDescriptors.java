package dev.parley.agent.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds this process's descriptors of an open directory under {@code /proc/self/fd} (Linux), so that something that
 * only takes a path (the working directory of a new process) can be given {@code /proc/<pid>/fd/<n>}: the kernel
 * resolves that to the open directory itself, never by its name. Empty answers where there is no {@code /proc}.
 */
final class DirectoryDescriptors {

    private static final Logger log = LoggerFactory.getLogger("parley.agent.fs");
    private static final Path SELF = Path.of("/proc/self/fd");

    private DirectoryDescriptors() {
    }

    /** The descriptor entries whose directory has this file key; empty without /proc or a key. */
    static Set<Path> matching(Object key) {
        Set<Path> found = new HashSet<>();
        if (key == null || !Files.isDirectory(SELF)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(SELF)) {
            for (Path fd : entries) {
                try {
                    BasicFileAttributes a = Files.readAttributes(fd, BasicFileAttributes.class);
                    if (a.isDirectory() && key.equals(a.fileKey())) {
                        found.add(fd.getFileName());
                    }
                } catch (IOException vanished) {
                    log.trace("descriptor {} went away", fd.getFileName());
                }
            }
        } catch (IOException e) {
            log.debug("cannot list {}", SELF, e);
        }
        return found;
    }

    /**
     * Returns {@code /proc/<pid>/fd/<n>} for a descriptor of {@code dir} opened after {@code before} was taken (so
     * most likely the handle's own, which stays open while it is used), or null if there is none or no /proc.
     */
    static Path ownedSince(Set<Path> before, Object key, DirHandle dir) {
        if (!dir.isSecure() || key == null) {
            return null;
        }
        Set<Path> now = matching(key);
        now.removeAll(before);
        if (now.isEmpty()) {
            return null;
        }
        Path fd = now.iterator().next();
        return Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "fd").resolve(fd);
    }
}
