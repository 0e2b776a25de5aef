package dev.parley.agent.fs;

import dev.parley.codec.text.ErrorCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks a normalised virtual path from the open root, one component at a time, each directory opened relative to
 * the previous one without following links. A symbolic link met on the way (or at the end, if the mode follows it)
 * is resolved by walking its target the same way: a relative target from the link's directory, an absolute one from
 * the root if it names a host path inside the root's real path; a target that leaves the root is denied. {@code ..}
 * in a link target goes to the physical parent, as the kernel would. At most {@value #MAX_LINK_HOPS} links per walk.
 */
final class PathWalk {

    /** How many symbolic links one walk follows before it gives up. */
    static final int MAX_LINK_HOPS = 40;

    /** How often a component that changed between its inspection and its opening is looked at again. */
    private static final int MAX_RETRIES = 8;

    private static final Logger log = LoggerFactory.getLogger("parley.agent.fs");

    /** What to do with the last component and with missing directories on the way. */
    enum Mode {
        /** Follow a link in the last component; a missing or non-directory component on the way is an error. */
        FOLLOW,
        /** Stop at the last component, link or not; only the components before it are followed. */
        ENTRY,
        /** Like {@link #FOLLOW}, creating missing directories on the way (not the last component). */
        CREATE,
        /** Like {@link #FOLLOW}, but stop quietly at a missing or non-directory component (check-time answers). */
        CHECK
    }

    /** Creates a directory entry in an open directory, without following anything. */
    @FunctionalInterface
    interface DirectoryMaker {
        void makeDirectory(DirHandle parent, String name) throws IOException;
    }

    private final DirHandle root;
    private final Path rootPath;
    private final String reservedName;
    private final DirectoryMaker maker;

    PathWalk(DirHandle root, Path rootPath, String reservedName, DirectoryMaker maker) {
        this.root = root;
        this.rootPath = rootPath;
        this.reservedName = reservedName;
        this.maker = maker;
    }

    /**
     * Walks the names of a normalised virtual path.
     *
     * @return where the walk ended; the caller closes it
     * @throws SandboxException DENIED if a link leads out of the root or into the agent's reserved directory,
     *                          FAILED for too many links
     * @throws IOException      NoSuchFileException or NotDirectoryException for a component on the way (not in
     *                          {@link Mode#CHECK}), or what the file system reported
     */
    Location walk(List<String> names, String virtualPath, Mode mode) throws IOException {
        Deque<String> pending = new ArrayDeque<>(names);
        List<String> physical = new ArrayList<>();
        DirHandle dir = root;
        int hops = 0;
        int retries = 0;
        boolean done = false;
        try {
            while (!pending.isEmpty()) {
                String name = pending.removeFirst();
                if (name.isEmpty() || ".".equals(name)) {
                    continue;
                }
                if ("..".equals(name)) {
                    if (physical.isEmpty()) {
                        throw denied(virtualPath, "a link leads above the root");
                    }
                    physical.remove(physical.size() - 1);
                    DirHandle up = reopen(physical, virtualPath);
                    closeOwned(dir);
                    dir = up;
                    continue;
                }
                if (physical.isEmpty() && name.equals(reservedName)) {
                    throw new SandboxException(ErrorCode.DENIED, "path is reserved for the agent: " + virtualPath);
                }
                boolean last = pending.isEmpty();
                if (last && mode == Mode.ENTRY) {
                    done = true;
                    return new Location(dir, dir != root, name, virtualPath, physical);
                }
                BasicFileAttributes a = attributesOrNull(dir, name);
                if (a == null) {
                    if (last || mode == Mode.CHECK) {
                        done = true;
                        return new Location(dir, dir != root, name, virtualPath, physical);
                    }
                    if (mode != Mode.CREATE) {
                        throw new NoSuchFileException(virtualPath);
                    }
                    maker.makeDirectory(dir, name);
                    pending.addFirst(name);
                    continue;
                }
                if (a.isSymbolicLink()) {
                    if (++hops > MAX_LINK_HOPS) {
                        throw new SandboxException(ErrorCode.FAILED, "cannot resolve " + virtualPath
                                + ": more than " + MAX_LINK_HOPS + " symbolic links");
                    }
                    Path target;
                    try {
                        // Read by path: the target is only data, walked below like any client path.
                        target = Files.readSymbolicLink(hostPath(physical, name));
                    } catch (NotLinkException | NoSuchFileException changed) {
                        retries = retry(retries, changed);
                        pending.addFirst(name);
                        continue;
                    }
                    if (target.isAbsolute()) {
                        if (!target.startsWith(rootPath)) {
                            log.debug("denied {}: a link leads outside the root", virtualPath);
                            throw denied(virtualPath, "a link leads outside the root");
                        }
                        target = rootPath.relativize(target);
                        physical.clear();
                        closeOwned(dir);
                        dir = root;
                    }
                    for (int i = target.getNameCount() - 1; i >= 0; i--) {
                        pending.addFirst(target.getName(i).toString());
                    }
                    continue;
                }
                if (last) {
                    done = true;
                    return new Location(dir, dir != root, name, virtualPath, physical);
                }
                if (!a.isDirectory()) {
                    if (mode == Mode.CHECK) {
                        done = true;
                        return new Location(dir, dir != root, name, virtualPath, physical);
                    }
                    throw new NotDirectoryException(virtualPath);
                }
                DirHandle next;
                try {
                    next = dir.openDirectory(name);
                } catch (IOException changed) {
                    // Swapped for a link or a file since its attributes were read: look at it again.
                    retries = retry(retries, changed);
                    pending.addFirst(name);
                    continue;
                }
                closeOwned(dir);
                dir = next;
                physical.add(name);
            }
            done = true;
            return new Location(dir, dir != root, null, virtualPath, physical);
        } finally {
            if (!done) {
                closeOwned(dir);
            }
        }
    }

    private static int retry(int retries, IOException changed) throws IOException {
        if (retries >= MAX_RETRIES) {
            throw changed;
        }
        return retries + 1;
    }

    private DirHandle reopen(List<String> physical, String virtualPath) throws IOException {
        DirHandle dir = root;
        try {
            for (String name : physical) {
                DirHandle next = dir.openDirectory(name);
                closeOwned(dir);
                dir = next;
            }
            return dir;
        } catch (IOException e) {
            closeOwned(dir);
            throw new SandboxException(ErrorCode.FAILED, "cannot resolve " + virtualPath
                    + ": a directory changed while it was walked", e);
        }
    }

    private void closeOwned(DirHandle dir) {
        if (dir != root) {
            dir.close();
        }
    }

    private Path hostPath(List<String> physical, String name) {
        Path p = rootPath;
        for (String n : physical) {
            p = p.resolve(n);
        }
        return p.resolve(name);
    }

    private static BasicFileAttributes attributesOrNull(DirHandle dir, String name) throws IOException {
        try {
            return dir.attributes(name);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static SandboxException denied(String virtualPath, String why) {
        log.debug("denied {}: {}", virtualPath, why);
        return new SandboxException(ErrorCode.DENIED, "path leaves the sandbox: " + virtualPath);
    }
}
