package dev.parley.agent.fs;

import dev.parley.codec.text.ErrorCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confines the agent's file operations to one host directory, the sandbox root. Clients speak in virtual POSIX paths
 * ({@code /} separators on every OS): {@code /} is the root, and a relative path is resolved against the session's
 * working directory, itself a virtual path such as {@code /logs}. A host-looking path such as {@code /etc/passwd}
 * simply means {@code <root>/etc/passwd}.
 *
 * <p>{@link #resolve(String, String)} denies, with {@link ErrorCode#DENIED}:
 * <ul>
 *   <li>a {@code ..} that would climb above {@code /} ({@code /..}, {@code a/../../x} from {@code /}); a {@code ..}
 *       that stays inside ({@code a/../b}) is fine and normalised lexically;</li>
 *   <li>a path whose real location (symbolic links followed, including a dangling link and the deepest existing
 *       ancestor of a path that does not exist yet) is outside the root's real path;</li>
 *   <li>a NUL byte, a name longer than {@value #MAX_NAME_BYTES} bytes, a path longer than {@value #MAX_PATH_BYTES}
 *       bytes, and any name the host file system cannot represent as a single component.</li>
 * </ul>
 *
 * <p>The checks are made when the path is resolved; an operation that follows a moment later acts on the host path.
 * A concurrent process with write access to the root could swap a checked directory for a symbolic link in between;
 * the sandbox protects against clients of the agent, not against other local users of the same directory.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Sandbox {

    /** The longest file name accepted, in UTF-8 bytes (the usual {@code NAME_MAX}). */
    public static final int MAX_NAME_BYTES = 255;

    /** The longest virtual path accepted, in UTF-8 bytes (the usual {@code PATH_MAX}). */
    public static final int MAX_PATH_BYTES = 4096;

    /** How many symbolic links are followed while checking a dangling link before the path is denied. */
    private static final int MAX_LINK_HOPS = 40;

    private static final Logger log = LoggerFactory.getLogger("parley.agent.fs");

    private final Path root;

    private Sandbox(Path realRoot) {
        this.root = realRoot;
    }

    /**
     * Creates a sandbox rooted at an existing directory. The root is kept as its real path (symbolic links resolved),
     * so that containment checks compare like with like.
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
        return new Sandbox(real);
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
     * Resolves a client path and checks that it, and everything it leads through, stays inside the root. Symbolic
     * links are followed for the check, including the last component.
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
        checkContained(resolved.hostPath(), resolved.virtualPath(), 0);
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
        Path parent = resolved.isRoot() ? resolved.hostPath() : resolved.hostPath().getParent();
        checkContained(parent, resolved.virtualPath(), 0);
        return resolved;
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

    /**
     * Finds the deepest existing ancestor of {@code host} (the path itself included, links not followed for the
     * existence test) and checks that its real path is inside the root. A dangling symbolic link cannot be made real,
     * so its target is checked in turn.
     */
    private void checkContained(Path host, String virtualPath, int hops) throws SandboxException {
        Path existing = host;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw denied(virtualPath);
        }
        try {
            Path real = existing.toRealPath();
            if (!real.startsWith(root)) {
                log.debug("denied {}: resolves outside the root", virtualPath);
                throw denied(virtualPath);
            }
        } catch (NoSuchFileException e) {
            checkDanglingLink(existing, virtualPath, hops);
        } catch (SandboxException e) {
            throw e;
        } catch (IOException e) {
            throw new SandboxException(ErrorCode.FAILED, "cannot resolve " + virtualPath + ": " + e.getClass()
                    .getSimpleName(), e);
        }
    }

    private void checkDanglingLink(Path link, String virtualPath, int hops) throws SandboxException {
        if (hops >= MAX_LINK_HOPS || !Files.isSymbolicLink(link)) {
            throw new SandboxException(ErrorCode.FAILED, "cannot resolve " + virtualPath);
        }
        Path target;
        try {
            target = Files.readSymbolicLink(link);
        } catch (IOException e) {
            throw new SandboxException(ErrorCode.FAILED, "cannot resolve " + virtualPath, e);
        }
        Path parent = link.getParent();
        checkContained(parent == null ? target : parent.resolve(target), virtualPath, hops + 1);
    }

    private static SandboxException denied(String virtualPath) {
        return new SandboxException(ErrorCode.DENIED, "path leaves the sandbox: " + virtualPath);
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
