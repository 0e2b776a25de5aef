package dev.parley.agent.fs;

import dev.parley.codec.text.ErrorCode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's file operations over a {@link Sandbox}: the blocking, network-free core behind {@code cd}, {@code ls},
 * {@code stat}, {@code hash}, {@code mkdir}, {@code rm}, {@code mv}, {@code pull} and {@code push}. Run these calls
 * off the event loop.
 *
 * <p>Every method takes the session's working directory (an absolute virtual path, {@code /} being the sandbox root)
 * and client paths relative to it or absolute; the session keeps the working directory and updates it with what
 * {@link #cd(String, String)} returns. Every failure is a {@link SandboxException} carrying a Parley error code and a
 * message naming virtual paths only.
 *
 * <p>Instances are stateless and thread-safe.
 */
public final class AgentFiles {

    private static final Logger log = LoggerFactory.getLogger("parley.agent.fs");

    private static final int HASH_BUFFER_SIZE = 64 * 1024;

    private final Sandbox sandbox;
    private final FileTransfers transfers;

    /**
     * Creates the operations over a sandbox.
     *
     * @param sandbox the sandbox that confines every path
     */
    public AgentFiles(Sandbox sandbox) {
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
        this.transfers = new FileTransfers(sandbox);
    }

    /**
     * Returns the sandbox these operations are confined to.
     *
     * @return the sandbox
     */
    public Sandbox sandbox() {
        return sandbox;
    }

    /**
     * Resolves a new working directory for {@code cd}.
     *
     * @param cwd  the current working directory
     * @param path the directory to change to
     * @return the new working directory as a normalised virtual path
     * @throws SandboxException {@link ErrorCode#NOT_FOUND} if it does not exist, {@link ErrorCode#FAILED} if it is not
     *                          a directory, {@link ErrorCode#DENIED} or {@link ErrorCode#BAD_ARGS} for a bad path
     */
    public String cd(String cwd, String path) throws SandboxException {
        SandboxPath dir = sandbox.resolve(cwd, path);
        if (!Files.exists(dir.hostPath())) {
            throw new SandboxException(ErrorCode.NOT_FOUND, "cd " + dir + ": no such directory");
        }
        if (!Files.isDirectory(dir.hostPath())) {
            throw new SandboxException(ErrorCode.FAILED, "cd " + dir + ": not a directory");
        }
        return dir.virtualPath();
    }

    /**
     * Lists a directory, or describes a single file as a one-entry listing. Entries are not followed if they are
     * symbolic links; a link named as {@code path} is followed if it points to a directory inside the sandbox.
     *
     * @param cwd  the session's working directory
     * @param path the directory or file to list
     * @return the entries sorted by name
     * @throws SandboxException {@link ErrorCode#NOT_FOUND} if the path does not exist, {@link ErrorCode#DENIED},
     *                          {@link ErrorCode#BAD_ARGS} or {@link ErrorCode#FAILED} otherwise
     */
    public List<FileEntry> ls(String cwd, String path) throws SandboxException {
        SandboxPath target = sandbox.resolve(cwd, path);
        if (!Files.isDirectory(target.hostPath())) {
            return List.of(stat(target, "ls"));
        }
        List<FileEntry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(target.hostPath())) {
            for (Path child : stream) {
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException vanished) {
                    continue;
                }
                entries.add(entry(child.getFileName().toString(), attributes));
            }
        } catch (IOException e) {
            throw IoErrors.translate("ls", target.virtualPath(), e);
        }
        entries.sort(Comparator.comparing(FileEntry::name));
        return entries;
    }

    /**
     * Describes one path without following it if it is a symbolic link.
     *
     * @param cwd  the session's working directory
     * @param path the path to describe
     * @return its type, size, modification time and name
     * @throws SandboxException {@link ErrorCode#NOT_FOUND} if the path does not exist, {@link ErrorCode#DENIED},
     *                          {@link ErrorCode#BAD_ARGS} or {@link ErrorCode#FAILED} otherwise
     */
    public FileEntry stat(String cwd, String path) throws SandboxException {
        return stat(sandbox.resolve(cwd, path), "stat");
    }

    private FileEntry stat(SandboxPath target, String operation) throws SandboxException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(target.hostPath(), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return entry(target.name(), attributes);
        } catch (IOException e) {
            throw IoErrors.translate(operation, target.virtualPath(), e);
        }
    }

    private static FileEntry entry(String name, BasicFileAttributes attributes) {
        return new FileEntry(EntryType.of(attributes), attributes.size(), attributes.lastModifiedTime().toMillis(),
                name);
    }

    /**
     * Computes a file's digest, reading it as a stream.
     *
     * @param cwd       the session's working directory
     * @param path      a regular file (or a link to one inside the sandbox)
     * @param algorithm the digest to compute
     * @return the digest as lowercase hex
     * @throws SandboxException {@link ErrorCode#NOT_FOUND} if the file does not exist, {@link ErrorCode#FAILED} if it
     *                          is not a regular file or cannot be read, {@link ErrorCode#DENIED} or
     *                          {@link ErrorCode#BAD_ARGS} for a bad path
     */
    public String hash(String cwd, String path, HashAlgorithm algorithm) throws SandboxException {
        Objects.requireNonNull(algorithm, "algorithm");
        SandboxPath file = sandbox.resolve(cwd, path);
        FileTransfers.requireRegularFile(file, "hash");
        MessageDigest digest = algorithm.newDigest();
        byte[] buffer = new byte[HASH_BUFFER_SIZE];
        try (InputStream in = Files.newInputStream(file.hostPath())) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw IoErrors.translate("hash", file.virtualPath(), e);
        }
        return Hex.encode(digest.digest());
    }

    /**
     * Creates a directory and any missing parents; succeeds if it already exists.
     *
     * @param cwd  the session's working directory
     * @param path the directory to create
     * @return the directory's virtual path
     * @throws SandboxException {@link ErrorCode#EXISTS} if the path, or a parent, exists and is not a directory;
     *                          {@link ErrorCode#DENIED}, {@link ErrorCode#BAD_ARGS} or {@link ErrorCode#FAILED}
     *                          otherwise
     */
    public String mkdir(String cwd, String path) throws SandboxException {
        SandboxPath dir = sandbox.resolve(cwd, path);
        try {
            Files.createDirectories(dir.hostPath());
        } catch (FileAlreadyExistsException e) {
            throw new SandboxException(ErrorCode.EXISTS, "mkdir " + dir + ": exists and is not a directory", e);
        } catch (IOException e) {
            throw IoErrors.translate("mkdir", dir.virtualPath(), e);
        }
        return dir.virtualPath();
    }

    /**
     * Removes a file, a symbolic link (the link itself, never what it points to) or a directory.
     *
     * @param cwd       the session's working directory
     * @param path      what to remove
     * @param recursive whether a non-empty directory is removed with its contents (links inside are removed as links)
     * @throws SandboxException {@link ErrorCode#DENIED} for the root or a path outside the sandbox,
     *                          {@link ErrorCode#NOT_FOUND} if nothing is there, {@link ErrorCode#FAILED} for a
     *                          non-empty directory without {@code recursive} or an I/O error
     */
    public void rm(String cwd, String path, boolean recursive) throws SandboxException {
        SandboxPath target = sandbox.resolveEntry(cwd, path);
        if (target.isRoot()) {
            throw new SandboxException(ErrorCode.DENIED, "rm /: the root cannot be removed");
        }
        Path host = target.hostPath();
        if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
            throw new SandboxException(ErrorCode.NOT_FOUND, "rm " + target + ": no such file or directory");
        }
        try {
            if (recursive && Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(host);
            } else {
                Files.delete(host);
            }
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            throw new SandboxException(ErrorCode.FAILED, "rm " + target + ": directory not empty (expected: "
                    + "recursive)", e);
        } catch (IOException e) {
            throw IoErrors.translate("rm", target.virtualPath(), e);
        }
        log.debug("rm {} (recursive: {})", target, recursive);
    }

    private static void deleteTree(Path top) throws IOException {
        // walkFileTree does not follow links unless told to: a link is visited as a file and deleted as a link.
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Moves or renames an entry, like {@code mv}: if {@code to} is an existing directory the entry is moved into it
     * under its own name; otherwise it is renamed to {@code to}, replacing an existing file. A symbolic link is moved
     * as a link. The parent of the destination must exist.
     *
     * @param cwd  the session's working directory
     * @param from the entry to move
     * @param to   the destination path or directory
     * @return the virtual path the entry now has
     * @throws SandboxException {@link ErrorCode#NOT_FOUND} if {@code from} or the destination's parent does not
     *                          exist, {@link ErrorCode#EXISTS} if the destination is a directory (or a file while
     *                          {@code from} is a directory), {@link ErrorCode#BAD_ARGS} for a move of a directory
     *                          into itself, {@link ErrorCode#DENIED} for the root or a path outside the sandbox
     */
    public String mv(String cwd, String from, String to) throws SandboxException {
        SandboxPath source = sandbox.resolveEntry(cwd, from);
        if (source.isRoot()) {
            throw new SandboxException(ErrorCode.DENIED, "mv /: the root cannot be moved");
        }
        if (!Files.exists(source.hostPath(), LinkOption.NOFOLLOW_LINKS)) {
            throw new SandboxException(ErrorCode.NOT_FOUND, "mv " + source + ": no such file or directory");
        }
        SandboxPath destination = sandbox.resolve(cwd, to);
        if (Files.isDirectory(destination.hostPath()) && !destination.equals(source)) {
            destination = sandbox.resolve(destination.virtualPath(), source.name());
        }
        if (destination.virtualPath().equals(source.virtualPath())) {
            return source.virtualPath();
        }
        boolean sourceIsDirectory = Files.isDirectory(source.hostPath(), LinkOption.NOFOLLOW_LINKS);
        if (sourceIsDirectory && destination.virtualPath().startsWith(source.virtualPath() + "/")) {
            throw new SandboxException(ErrorCode.BAD_ARGS,
                    "mv " + source + ": cannot move a directory into itself (" + destination + ")");
        }
        Path target = destination.hostPath();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                && (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) || sourceIsDirectory)) {
            throw new SandboxException(ErrorCode.EXISTS, "mv " + source + ": " + destination + " already exists");
        }
        try {
            Files.move(source.hostPath(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException crossDevice) {
            try {
                Files.move(source.hostPath(), target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw IoErrors.translate("mv", destination.virtualPath(), e);
            }
        } catch (IOException e) {
            throw IoErrors.translate("mv", destination.virtualPath(), e);
        }
        log.debug("mv {} -> {}", source, destination);
        return destination.virtualPath();
    }

    /**
     * Opens a byte range of a file for {@code pull}.
     *
     * @param cwd    the session's working directory
     * @param path   a regular file (or a link to one inside the sandbox)
     * @param offset where the range starts, {@code 0 <= offset <= size}
     * @param length how many bytes, {@code offset + length <= size}; {@code -1} for everything from {@code offset}
     * @return an open channel with the range's position and count; the caller closes it
     * @throws SandboxException {@link ErrorCode#BAD_ARGS} if the range does not fit the file,
     *                          {@link ErrorCode#NOT_FOUND} if the file does not exist, {@link ErrorCode#FAILED} if it
     *                          is not a regular file or cannot be opened, {@link ErrorCode#DENIED} for a bad path
     */
    public ReadRegion openRead(String cwd, String path, long offset, long length) throws SandboxException {
        return transfers.openRead(cwd, path, offset, length);
    }

    /**
     * Starts an atomic upload for {@code push}. Missing parent directories are created; the bytes go to a hidden
     * temporary file next to the target until {@link PushWriter#commit()} renames it into place.
     *
     * @param cwd            the session's working directory
     * @param path           the target file; an existing file is replaced on commit
     * @param expectedLength the announced length in bytes, or {@code -1} if unknown
     * @return the writer for the upload; commit it, or abort/close it
     * @throws SandboxException {@link ErrorCode#EXISTS} if the target is a directory, {@link ErrorCode#BAD_ARGS} for
     *                          a negative length, {@link ErrorCode#FAILED} if a parent is not a directory or the
     *                          temporary file cannot be created, {@link ErrorCode#DENIED} for a bad path
     */
    public PushWriter beginPush(String cwd, String path, long expectedLength) throws SandboxException {
        return transfers.beginPush(cwd, path, expectedLength);
    }

    /**
     * Deletes upload temporary files left behind by uploads that never finished (a crash of the agent, for
     * example). Meant for start-up, or with an age well above the longest upload: a running upload whose file is
     * younger than {@code olderThan} is left alone. Symbolic links are not followed.
     *
     * @param olderThan the minimum age, by modification time, of the files to delete
     * @return how many files were deleted
     * @throws SandboxException {@link ErrorCode#FAILED} if the sandbox cannot be walked
     */
    public int cleanupStaleTemps(Duration olderThan) throws SandboxException {
        return transfers.cleanupStaleTemps(olderThan);
    }



}
