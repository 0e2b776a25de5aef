package dev.parley.agent.fs;

import dev.parley.codec.text.ErrorCode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
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
    private final int modeMask;
    private final FileTransfers transfers;
    private final FileChanges changes;

    /**
     * Creates the operations over a sandbox, with the default mode mask {@link FileMode#DEFAULT_MASK}.
     *
     * @param sandbox the sandbox that confines every path
     */
    public AgentFiles(Sandbox sandbox) {
        this(sandbox, FileMode.DEFAULT_MASK);
    }

    /**
     * Creates the operations over a sandbox.
     *
     * @param sandbox  the sandbox that confines every path
     * @param modeMask the permission bits never granted when a client sends a mode ({@code push}, {@code mkdir},
     *                 {@code chmod}); {@link FileMode#DEFAULT_MASK} ({@code 022}) keeps group and other from writing
     */
    public AgentFiles(Sandbox sandbox, int modeMask) {
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
        if (modeMask < 0 || modeMask > FileMode.PERMISSION_BITS) {
            throw new IllegalArgumentException("modeMask: " + Integer.toOctalString(modeMask)
                    + " (expected: 0 to 0777)");
        }
        this.modeMask = modeMask;
        this.transfers = new FileTransfers(sandbox, modeMask);
        this.changes = new FileChanges(sandbox, modeMask);
    }

    /**
     * Returns the permission bits never granted when a client sends a mode.
     *
     * @return 0 to {@code 0777}
     */
    public int modeMask() {
        return modeMask;
    }

    /**
     * Returns whether the root's file system has POSIX permissions, so that modes sent by clients are applied and
     * {@code stat} and {@code pull} report them.
     *
     * @return whether modes are kept
     */
    public boolean keepsModes() {
        return sandbox.root().getFileSystem().supportedFileAttributeViews().contains("posix");
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
        SandboxPath dir = sandbox.lexical(cwd, path);
        try (Location at = sandbox.locate(dir, PathWalk.Mode.FOLLOW)) {
            BasicFileAttributes a = at.attributesOrNull();
            if (a == null) {
                throw new SandboxException(ErrorCode.NOT_FOUND, "cd " + dir + ": no such directory");
            }
            if (!a.isDirectory()) {
                throw new SandboxException(ErrorCode.FAILED, "cd " + dir + ": not a directory");
            }
        } catch (NoSuchFileException e) {
            throw new SandboxException(ErrorCode.NOT_FOUND, "cd " + dir + ": no such directory", e);
        } catch (IOException e) {
            throw IoErrors.translate("cd", dir.virtualPath(), e);
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
        SandboxPath target = sandbox.lexical(cwd, path);
        try (Location at = sandbox.locate(target, PathWalk.Mode.FOLLOW)) {
            BasicFileAttributes a = at.attributesOrNull();
            if (a == null) {
                throw new SandboxException(ErrorCode.NOT_FOUND, "ls " + target + ": no such file or directory");
            }
            if (!a.isDirectory()) {
                return List.of(entry(target.name(), a));
            }
            boolean listingRoot = at.isRoot();
            List<FileEntry> entries = new ArrayList<>();
            try (DirHandle listing = at.isDirectoryItself() ? at.dir().reopen() : at.dir().openDirectory(at.name())) {
                for (String name : listing.names()) {
                    if (listingRoot && Sandbox.STAGING_DIRECTORY.equals(name)) {
                        continue;
                    }
                    try {
                        entries.add(entry(name, listing.attributes(name)));
                    } catch (NoSuchFileException vanished) {
                        log.trace("{} vanished while listed", name);
                    }
                }
            }
            entries.sort(Comparator.comparing(FileEntry::name));
            return entries;
        } catch (IOException e) {
            throw IoErrors.translate("ls", target.virtualPath(), e);
        }
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
        SandboxPath target = sandbox.lexical(cwd, path);
        try (Location at = sandbox.locate(target, PathWalk.Mode.ENTRY)) {
            BasicFileAttributes a = at.attributesOrNull();
            if (a == null) {
                throw new SandboxException(ErrorCode.NOT_FOUND, "stat " + target + ": no such file or directory");
            }
            if (a.isSymbolicLink()) {
                // The link is described, not followed; one that leads out of the root is not described at all.
                sandbox.resolve(cwd, path);
            }
            int mode = a.isSymbolicLink() || at.isDirectoryItself() ? FileMode.UNKNOWN : at.dir().mode(at.name());
            return new FileEntry(EntryType.of(a), a.size(), a.lastModifiedTime().toMillis(), target.name(), mode);
        } catch (IOException e) {
            throw IoErrors.translate("stat", target.virtualPath(), e);
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
        SandboxPath file = sandbox.lexical(cwd, path);
        MessageDigest digest = algorithm.newDigest();
        ByteBuffer buffer = ByteBuffer.allocate(HASH_BUFFER_SIZE);
        try (Location at = sandbox.locate(file, PathWalk.Mode.FOLLOW);
             FileChannel in = FileTransfers.openRegularFile(at, "hash")) {
            while (in.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
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
        return changes.mkdir(cwd, path, FileMode.UNKNOWN);
    }

    /**
     * Creates a directory and any missing parents, as {@link #mkdir(String, String)}, and gives the directory named
     * (created now or already there; not its parents) the permission bits {@link FileMode#applied} makes of
     * {@code mode} and the mask. Nothing is set on a file system without POSIX permissions, nor on the root.
     *
     * @param cwd  the session's working directory
     * @param path the directory to create
     * @param mode the bits the client asks for, or {@link FileMode#UNKNOWN} for none
     * @return the directory's virtual path
     * @throws SandboxException as {@link #mkdir(String, String)}
     */
    public String mkdir(String cwd, String path, int mode) throws SandboxException {
        return changes.mkdir(cwd, path, mode);
    }

    /**
     * Sets the permission bits of a file or directory (a link inside the root is followed, as {@code pull} does):
     * {@link FileMode#applied} of {@code mode} and the mask, set on the entry of its open parent directory.
     *
     * @param cwd  the session's working directory
     * @param path a file or directory, not the root
     * @param mode the bits the client asks for; setuid, setgid and sticky bits are never set
     * @return the bits set, or {@link FileMode#UNKNOWN} where the file system has no POSIX permissions
     * @throws SandboxException {@link ErrorCode#NOT_FOUND} if nothing is there, {@link ErrorCode#DENIED} for the root
     *                          or a path outside the sandbox, {@link ErrorCode#FAILED} for other kinds of entries
     */
    public int chmod(String cwd, String path, int mode) throws SandboxException {
        return changes.chmod(cwd, path, mode);
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
        changes.rm(cwd, path, recursive);
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
        return changes.mv(cwd, from, to);
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
     * Starts an atomic upload for {@code push}. Missing parent directories are created; the bytes go to a temporary
     * file in the staging directory ({@value Sandbox#STAGING_DIRECTORY}, never visible to clients) until
     * {@link PushWriter#commit()} renames it into the target's directory. A link at the target that stays inside the
     * root is followed: its target is written.
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
        return transfers.beginPush(cwd, path, expectedLength, FileMode.UNKNOWN);
    }

    /**
     * Starts an atomic upload, as {@link #beginPush(String, String, long)}, whose file gets the permission bits
     * {@link FileMode#applied} makes of {@code mode} and the mask, set on the temporary file before it is renamed
     * into place.
     *
     * @param cwd            the session's working directory
     * @param path           the target file
     * @param expectedLength the announced length in bytes, or {@code -1} if unknown
     * @param mode           the bits the client asks for, or {@link FileMode#UNKNOWN} for the default
     * @return the writer for the upload
     * @throws SandboxException as {@link #beginPush(String, String, long)}
     */
    public PushWriter beginPush(String cwd, String path, long expectedLength, int mode) throws SandboxException {
        return transfers.beginPush(cwd, path, expectedLength, mode);
    }

    /**
     * Deletes upload temporary files and half-made directories left in the staging directory by an agent that
     * never finished them (killed mid-push, for example). Only the staging directory is read, never the rest of the
     * root; this agent's own running uploads are kept whatever their age; nothing is deleted while another live agent
     * holds the staging directory's lock. {@link dev.parley.agent.server.AgentServer#start()} calls it with
     * {@link Duration#ZERO}. Links are not followed.
     *
     * @param olderThan the minimum age, by modification time, of the files to delete
     * @return how many files were deleted
     * @throws SandboxException {@link ErrorCode#FAILED} if the staging directory cannot be read
     */
    public int cleanupStaleTemps(Duration olderThan) throws SandboxException {
        return transfers.cleanupStaleTemps(olderThan);
    }
}
