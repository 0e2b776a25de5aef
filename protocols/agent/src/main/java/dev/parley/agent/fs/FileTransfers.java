package dev.parley.agent.fs;

import dev.parley.codec.text.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The transfer side of {@link AgentFiles}: ranges opened for pull, atomic uploads for push, and their clean-up. Both
 * act through the directories a {@link PathWalk} holds open, so a path swapped meanwhile cannot redirect them.
 */
final class FileTransfers {

    private static final Logger log = LoggerFactory.getLogger("parley.agent.fs");

    private final Sandbox sandbox;
    private final int modeMask;

    FileTransfers(Sandbox sandbox, int modeMask) {
        this.sandbox = sandbox;
        this.modeMask = modeMask;
    }

    ReadRegion openRead(String cwd, String path, long offset, long length) throws SandboxException {
        SandboxPath file = sandbox.lexical(cwd, path);
        if (offset < 0) {
            throw new SandboxException(ErrorCode.BAD_ARGS, "pull " + file + ": offset: " + offset
                    + " (expected: >= 0)");
        }
        if (length < -1) {
            throw new SandboxException(ErrorCode.BAD_ARGS, "pull " + file + ": length: " + length
                    + " (expected: >= 0, or -1 for the rest of the file)");
        }
        FileChannel channel;
        int mode;
        try (Location at = sandbox.locate(file, PathWalk.Mode.FOLLOW)) {
            channel = openRegularFile(at, "pull");
            mode = modeOf(at, channel);
        } catch (IOException e) {
            throw IoErrors.translate("pull", file.virtualPath(), e);
        }
        try {
            long size = channel.size();
            if (offset > size) {
                throw new SandboxException(ErrorCode.BAD_ARGS, "pull " + file + ": offset: " + offset
                        + " (expected: <= " + size + ")");
            }
            long count = length == -1 ? size - offset : length;
            if (count > size - offset) {
                throw new SandboxException(ErrorCode.BAD_ARGS, "pull " + file + ": offset + length: "
                        + (offset + count) + " (expected: <= " + size + ")");
            }
            return new ReadRegion(file.virtualPath(), channel, offset, count, mode);
        } catch (IOException e) {
            closeQuietly(channel);
            throw IoErrors.translate("pull", file.virtualPath(), e);
        }
    }

    /**
     * Opens the regular file where a walk ended, for reading. The entry is opened relative to its open parent and a
     * link in its place is refused, so the channel is on a file of that directory whatever happened to the path.
     */
    static FileChannel openRegularFile(Location at, String operation) throws IOException {
        BasicFileAttributes a = at.attributesOrNull();
        if (a == null) {
            throw new SandboxException(ErrorCode.NOT_FOUND, operation + " " + at.virtualPath() + ": no such file");
        }
        if (!a.isRegularFile() || at.isDirectoryItself()) {
            throw new SandboxException(ErrorCode.FAILED, operation + " " + at.virtualPath()
                    + ": not a regular file");
        }
        return at.dir().openFile(at.name(), Set.of(StandardOpenOption.READ));
    }

    /** The permission bits of the file just opened where a walk ended (relative to its parent, never following). */
    private static int modeOf(Location at, FileChannel opened) throws IOException {
        if (at.isDirectoryItself()) {
            return FileMode.UNKNOWN;
        }
        try {
            return at.dir().mode(at.name());
        } catch (IOException e) {
            closeQuietly(opened);
            throw e;
        }
    }

    PushWriter beginPush(String cwd, String path, long expectedLength, int mode) throws SandboxException {
        SandboxPath target = sandbox.lexical(cwd, path);
        if (target.isRoot()) {
            throw new SandboxException(ErrorCode.EXISTS, "push " + target + ": is a directory");
        }
        if (expectedLength < -1) {
            throw new SandboxException(ErrorCode.BAD_ARGS, "push " + target + ": length: " + expectedLength
                    + " (expected: >= 0, or -1 if unknown)");
        }
        Location at = null;
        try {
            at = sandbox.locate(target, PathWalk.Mode.CREATE);
            BasicFileAttributes a = at.attributesOrNull();
            if (at.isDirectoryItself() || (a != null && a.isDirectory())) {
                throw new SandboxException(ErrorCode.EXISTS, "push " + target + ": is a directory");
            }
            Staging staging = sandbox.staging();
            requireSameFileSystem(at.dir(), staging.dir(), target);
            Staging.Temp temp = staging.createTemp();
            log.debug("push {} started (expected length {})", target, expectedLength);
            int applied = mode == FileMode.UNKNOWN ? FileMode.UNKNOWN : FileMode.applied(mode, modeMask, false);
            return new PushWriter(target.virtualPath(), staging, temp, at, expectedLength, applied);
        } catch (java.nio.file.NotDirectoryException e) {
            close(at);
            throw new SandboxException(ErrorCode.FAILED, "push " + target + ": a parent is not a directory", e);
        } catch (IOException e) {
            close(at);
            throw IoErrors.translate("push", target.virtualPath(), e);
        }
    }

    /**
     * Refuses, before any byte is sent, an upload that could not be renamed into place: uploads are prepared in the
     * staging directory, and a rename cannot cross a mount point.
     */
    private static void requireSameFileSystem(DirHandle parent, DirHandle staging, SandboxPath target)
            throws IOException {
        String parentDevice = device(parent.attributes().fileKey());
        String stagingDevice = device(staging.attributes().fileKey());
        if (parentDevice != null && stagingDevice != null && !parentDevice.equals(stagingDevice)) {
            throw new SandboxException(ErrorCode.FAILED, "push " + target + ": on another file system than the "
                    + "agent's root (uploads are renamed into place from the root's file system)");
        }
    }

    /** The device part of a Unix file key, {@code (dev=803,ino=42)}; null where the key says nothing about it. */
    static String device(Object fileKey) {
        String s = Objects.toString(fileKey, "");
        int start = s.indexOf("dev=");
        int end = s.indexOf(',', start);
        return start < 0 || end < 0 ? null : s.substring(start, end);
    }

    int cleanupStaleTemps(Duration olderThan) throws SandboxException {
        try {
            return sandbox.staging().cleanup(olderThan);
        } catch (IOException e) {
            throw IoErrors.translate("cleanup", "/", e);
        }
    }

    private static void close(Location at) {
        if (at != null) {
            at.close();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing a channel failed", e);
        }
    }
}
