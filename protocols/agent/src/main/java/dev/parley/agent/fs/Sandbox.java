package dev.parley.agent.fs;

import dev.parley.codec.text.ErrorCode;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confines the agent's file operations to one host directory, the sandbox root. Clients speak in virtual POSIX paths
 * ({@code /} separators on every OS): {@code /} is the root, and a relative path is resolved against the session's
 * working directory, itself a virtual path such as {@code /logs}. A host-looking path such as {@code /etc/passwd}
 * simply means {@code <root>/etc/passwd}.
 *
 * <p>Client paths are normalised lexically first ({@code a/../b} is {@code /b}); a {@code ..} that would climb above
 * {@code /}, a NUL byte, a name longer than {@value #MAX_NAME_BYTES} bytes, a path longer than
 * {@value #MAX_PATH_BYTES} bytes, a name the host file system cannot represent as one component and the agent's own
 * {@value #STAGING_DIRECTORY} directory are denied ({@link ErrorCode#DENIED}).
 *
 * <p><b>Confinement at the moment of use.</b> The root is opened once, when the sandbox is made. Every operation then
 * walks its path from that open directory one component at a time, opening each directory relative to the previous
 * one without following links, and acts on the last entry relative to its open parent (open, stat, unlink, rename).
 * A symbolic link met on the way is resolved by walking its target the same way, so links that stay inside the root
 * keep working (at most {@value PathWalk#MAX_LINK_HOPS} per path) and a link that leads out is denied. Renaming a
 * directory on the way, or swapping it for a link, between two steps cannot redirect an operation out of the root.
 * This holds where the JDK offers a {@link java.nio.file.SecureDirectoryStream} (Linux; {@link #isRaceFree()}). On
 * other platforms (macOS, Windows) the same walk checks each component, links not followed, as it goes, and the
 * operation then uses the host path: a process that can write inside the root can still swap a checked directory for
 * a link in between.
 *
 * <p>{@link #resolve(String, String)} answers the same question at check time only, for callers that need a host
 * path; the agent's own operations do not rely on its answer later.
 *
 * <p>Thread-safe. Close the sandbox to release the open root.
 */
public final class Sandbox implements Closeable {

    /**
     * The name of the agent's private directory in the root, where uploads and new directories are prepared before
     * they are renamed into place. No client path reaches it and listings of {@code /} leave it out.
     */
    public static final String STAGING_DIRECTORY = ".parley-staging";

    /** The longest file name accepted, in UTF-8 bytes (the usual {@code NAME_MAX}). */
    public static final int MAX_NAME_BYTES = 255;

    /** The longest virtual path accepted, in UTF-8 bytes (the usual {@code PATH_MAX}). */
    public static final int MAX_PATH_BYTES = 4096;

    private static final Logger log = LoggerFactory.getLogger("parley.agent.fs");

    private final Path root;
    private final DirHandle rootDir;
    private final Staging staging;
    private final PathWalk walk;

    private Sandbox(Path realRoot, DirHandle rootDir) {
        this.root = realRoot;
        this.rootDir = rootDir;
        this.staging = new Staging(rootDir, realRoot);
        this.walk = new PathWalk(rootDir, realRoot, STAGING_DIRECTORY, staging::makeDirectory);
    }

    /**
     * Creates a sandbox rooted at an existing directory and opens it. The root is kept as its real path (symbolic
     * links resolved), so that absolute link targets compare like with like.
     *
     * @param directory an existing directory on the host
     * @return the sandbox
     * @throws IOException              if the directory does not exist or cannot be resolved
     * @throws IllegalArgumentException if {@code directory} is not a directory
     */
    public static Sandbox of(Path directory) throws IOException {
        Objects.requireNonNull(directory, "directory");
        Path real = directory.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new IllegalArgumentException("sandbox root is not a directory: " + directory);
        }
        DirHandle opened = DirHandle.open(real);
        if (!opened.isSecure()) {
            log.info("no SecureDirectoryStream on this platform: paths are checked when walked, not held open");
        }
        return new Sandbox(real, opened);
    }

    /**
     * Tells whether confinement holds at the moment of use: the root and each directory on a path are held open
     * while an operation acts relative to them ({@link java.nio.file.SecureDirectoryStream}, Linux). {@code false}
     * where the JDK offers none (macOS, Windows): each component is checked when walked, then the operation uses the
     * host path.
     *
     * @return whether a directory swapped for a link during an operation can never redirect it out of the root
     */
    public boolean isRaceFree() {
        return rootDir.isSecure();
    }

    /** Releases the open root and staging directory; operations afterwards fail. Idempotent. */
    @Override
    public void close() {
        staging.close();
        rootDir.close();
    }

    Staging staging() {
        return staging;
    }

    /**
     * Walks a normalised client path from the open root, for an operation that acts on where it ends.
     *
     * @return the open parent and the entry's name; the caller closes it
     * @throws SandboxException DENIED or BAD_ARGS for a bad path or a link out of the root
     * @throws IOException      for a missing or non-directory component on the way, or a file system error
     */
    Location locate(SandboxPath resolved, PathWalk.Mode mode) throws IOException {
        return walk.walk(names(resolved.virtualPath()), resolved.virtualPath(), mode);
    }

    /** Normalises a client path without touching the disk: the first step of every operation. */
    SandboxPath lexical(String cwd, String path) throws SandboxException {
        return resolveLexically(cwd, path);
    }

    private static List<String> names(String virtualPath) {
        List<String> names = new ArrayList<>();
        for (String name : virtualPath.split("/")) {
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * Returns the host directory of the sandbox root, as a real path. For the agent's own use and logs: never send it
     * to a client.
     *
     * @return the root's real host path
     */
    public Path root() {
        return root;
    }

    /**
     * Resolves a client path and checks that it, and everything it leads through, stays inside the root now. Symbolic
     * links are followed for the check, including the last component. The answer holds when it is given: a caller
     * that then uses the host path can be redirected by a concurrent swap (the agent's own operations do not).
     *
     * @param cwd  the session's working directory, an absolute virtual path such as {@code /} or {@code /logs}
     * @param path the client's path, absolute ({@code /a/b}) or relative to {@code cwd} ({@code b}, {@code ../c})
     * @return the normalised virtual path with its host path; the target need not exist
     * @throws SandboxException {@link ErrorCode#BAD_ARGS} if {@code path} is empty or {@code cwd} is not absolute,
     *                          {@link ErrorCode#DENIED} if the path leaves the root or is not a valid name,
     *                          {@link ErrorCode#FAILED} if the host file system could not be inspected
     */
    public SandboxPath resolve(String cwd, String path) throws SandboxException {
        SandboxPath resolved = resolveLexically(cwd, path);
        check(resolved, PathWalk.Mode.CHECK);
        return resolved;
    }

    /**
     * Resolves a client path like {@link #resolve(String, String)} but without following a symbolic link in the last
     * component: only the parent directory must really be inside the root. This is for operations that act on a
     * directory entry itself (remove it, rename it) and never on what a link points to.
     *
     * @param cwd  the session's working directory, an absolute virtual path
     * @param path the client's path
     * @return the normalised virtual path with its host path
     * @throws SandboxException as {@link #resolve(String, String)}
     */
    public SandboxPath resolveEntry(String cwd, String path) throws SandboxException {
        SandboxPath resolved = resolveLexically(cwd, path);
        check(resolved, PathWalk.Mode.ENTRY);
        return resolved;
    }

    private void check(SandboxPath resolved, PathWalk.Mode mode) throws SandboxException {
        try {
            walk.walk(names(resolved.virtualPath()), resolved.virtualPath(), mode).close();
        } catch (SandboxException e) {
            throw e;
        } catch (IOException e) {
            throw new SandboxException(ErrorCode.FAILED, "cannot resolve " + resolved.virtualPath() + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Returns the virtual path of a host path inside the root, for example an entry found while walking a directory.
     *
     * @param hostPath a host path that starts with {@link #root()}
     * @return its virtual path
     * @throws IllegalArgumentException if the host path is not under the root
     */
    public String virtualPathOf(Path hostPath) {
        Path abs = hostPath.toAbsolutePath().normalize();
        if (!abs.startsWith(root)) {
            throw new IllegalArgumentException("not inside the sandbox root");
        }
        Path rel = root.relativize(abs);
        StringBuilder sb = new StringBuilder();
        for (Path name : rel) {
            if (!name.toString().isEmpty()) {
                sb.append('/').append(name);
            }
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    private SandboxPath resolveLexically(String cwd, String path) throws SandboxException {
        Objects.requireNonNull(cwd, "cwd");
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            throw new SandboxException(ErrorCode.BAD_ARGS, "path: empty");
        }
        if (!cwd.startsWith("/")) {
            throw new SandboxException(ErrorCode.BAD_ARGS, "working directory is not absolute: " + printable(cwd));
        }
        if (path.indexOf('\0') >= 0 || cwd.indexOf('\0') >= 0) {
            throw new SandboxException(ErrorCode.DENIED, "path contains a NUL byte: " + printable(path));
        }
        int pathBytes = utf8Length(path);
        if (pathBytes > MAX_PATH_BYTES) {
            throw new SandboxException(ErrorCode.DENIED,
                    "path length: " + pathBytes + " bytes (expected: <= " + MAX_PATH_BYTES + ")");
        }
        Deque<String> names = new ArrayDeque<>();
        if (!path.startsWith("/")) {
            pushNames(names, cwd, cwd);
        }
        pushNames(names, path, path);

        StringBuilder virtual = new StringBuilder();
        Path host = root;
        for (String name : names) {
            host = append(host, name, path);
            virtual.append('/').append(name);
        }
        String virtualPath = virtual.length() == 0 ? "/" : virtual.toString();
        if (STAGING_DIRECTORY.equals(names.peekFirst())) {
            throw new SandboxException(ErrorCode.DENIED, "path is reserved for the agent: " + printable(virtualPath));
        }
        if (utf8Length(virtualPath) > MAX_PATH_BYTES) {
            throw new SandboxException(ErrorCode.DENIED,
                    "path length: " + utf8Length(virtualPath) + " bytes (expected: <= " + MAX_PATH_BYTES + ")");
        }
        return new SandboxPath(virtualPath, host);
    }

    private static void pushNames(Deque<String> names, String posix, String original) throws SandboxException {
        for (String name : posix.split("/", -1)) {
            if (name.isEmpty() || ".".equals(name)) {
                continue;
            }
            if ("..".equals(name)) {
                if (names.isEmpty()) {
                    throw new SandboxException(ErrorCode.DENIED, "path escapes the root: " + printable(original));
                }
                names.removeLast();
                continue;
            }
            int bytes = utf8Length(name);
            if (bytes > MAX_NAME_BYTES) {
                throw new SandboxException(ErrorCode.DENIED,
                        "name length: " + bytes + " bytes (expected: <= " + MAX_NAME_BYTES + ")");
            }
            names.addLast(name);
        }
    }

    /** Appends one name, insisting that the host file system sees exactly one component with that name. */
    private Path append(Path host, String name, String original) throws SandboxException {
        Path next;
        try {
            next = host.resolve(name);
        } catch (InvalidPathException e) {
            throw new SandboxException(ErrorCode.DENIED, "invalid name in path: " + printable(original), e);
        }
        if (!host.equals(next.getParent()) || !name.equals(String.valueOf(next.getFileName()))) {
            throw new SandboxException(ErrorCode.DENIED, "invalid name in path: " + printable(original));
        }
        return next;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Shortens and escapes a client string for an error message. */
    static String printable(String s) {
        String shown = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        StringBuilder sb = new StringBuilder(shown.length());
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
