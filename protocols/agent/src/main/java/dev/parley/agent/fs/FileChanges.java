package dev.parley.agent.fs;

import dev.parley.codec.text.ErrorCode;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The changing side of {@link AgentFiles}: {@code mkdir}, {@code rm} and {@code mv}, each acting on entries of the
 * directories that a {@link PathWalk} holds open ({@code unlinkat}, {@code renameat}; new directories come from the
 * {@link Staging} directory), never on a host path that could be redirected meanwhile.
 */
final class FileChanges {

    private static final Logger log = LoggerFactory.getLogger("parley.agent.fs");

    private final Sandbox sandbox;
    private final int modeMask;

    FileChanges(Sandbox sandbox, int modeMask) {
        this.sandbox = sandbox;
        this.modeMask = modeMask;
    }

    String mkdir(String cwd, String path, int mode) throws SandboxException {
        SandboxPath dir = sandbox.lexical(cwd, path);
        try (Location at = sandbox.locate(dir, PathWalk.Mode.CREATE)) {
            if (at.isDirectoryItself()) {
                return dir.virtualPath();
            }
            BasicFileAttributes a = at.attributesOrNull();
            if (a == null) {
                sandbox.staging().makeDirectory(at.dir(), at.name());
            } else if (!a.isDirectory()) {
                throw new FileAlreadyExistsException(at.name());
            }
            if (mode != FileMode.UNKNOWN) {
                // On the entry of the open parent, never following: a link swapped in meanwhile fails the call.
                at.dir().setMode(at.name(), FileMode.applied(mode, modeMask, true));
            }
        } catch (FileAlreadyExistsException | NotDirectoryException e) {
            throw new SandboxException(ErrorCode.EXISTS, "mkdir " + dir + ": exists and is not a directory", e);
        } catch (IOException e) {
            throw IoErrors.translate("mkdir", dir.virtualPath(), e);
        }
        return dir.virtualPath();
    }

    int chmod(String cwd, String path, int mode) throws SandboxException {
        SandboxPath target = sandbox.lexical(cwd, path);
        if (target.isRoot()) {
            throw new SandboxException(ErrorCode.DENIED, "chmod /: the root keeps its mode");
        }
        try (Location at = sandbox.locate(target, PathWalk.Mode.FOLLOW)) {
            BasicFileAttributes a = at.attributesOrNull();
            if (a == null) {
                throw new SandboxException(ErrorCode.NOT_FOUND, "chmod " + target + ": no such file or directory");
            }
            if (at.isDirectoryItself() || !(a.isRegularFile() || a.isDirectory())) {
                throw new SandboxException(ErrorCode.FAILED, "chmod " + target + ": not a file or directory");
            }
            int applied = FileMode.applied(mode, modeMask, a.isDirectory());
            return at.dir().setMode(at.name(), applied) ? applied : FileMode.UNKNOWN;
        } catch (IOException e) {
            throw IoErrors.translate("chmod", target.virtualPath(), e);
        }
    }

    void rm(String cwd, String path, boolean recursive) throws SandboxException {
        SandboxPath target = sandbox.lexical(cwd, path);
        if (target.isRoot()) {
            throw new SandboxException(ErrorCode.DENIED, "rm /: the root cannot be removed");
        }
        try (Location at = sandbox.locate(target, PathWalk.Mode.ENTRY)) {
            BasicFileAttributes a = at.attributesOrNull();
            if (a == null) {
                throw new SandboxException(ErrorCode.NOT_FOUND, "rm " + target + ": no such file or directory");
            }
            if (!a.isDirectory()) {
                at.dir().deleteFile(at.name());
            } else if (recursive) {
                deleteTree(at.dir(), at.name());
            } else {
                at.dir().deleteDirectory(at.name());
            }
        } catch (DirectoryNotEmptyException e) {
            throw new SandboxException(ErrorCode.FAILED, "rm " + target + ": directory not empty (expected: "
                    + "recursive)", e);
        } catch (IOException e) {
            throw IoErrors.translate("rm", target.virtualPath(), e);
        }
        log.debug("rm {} (recursive: {})", target, recursive);
    }

    /** Removes a directory and its contents, each level opened relative to its parent; links go as links. */
    private static void deleteTree(DirHandle parent, String name) throws IOException {
        DirHandle dir;
        try {
            dir = parent.openDirectory(name);
        } catch (IOException changed) {
            BasicFileAttributes now = parent.attributes(name);
            if (now.isDirectory()) {
                throw changed;
            }
            parent.deleteFile(name);
            return;
        }
        try (dir) {
            for (String child : dir.names()) {
                BasicFileAttributes a;
                try {
                    a = dir.attributes(child);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (a.isDirectory()) {
                    deleteTree(dir, child);
                } else {
                    dir.deleteFile(child);
                }
            }
        }
        parent.deleteDirectory(name);
    }

    String mv(String cwd, String from, String to) throws SandboxException {
        SandboxPath source = sandbox.lexical(cwd, from);
        if (source.isRoot()) {
            throw new SandboxException(ErrorCode.DENIED, "mv /: the root cannot be moved");
        }
        SandboxPath destination = sandbox.lexical(cwd, to);
        try (Location src = sandbox.locate(source, PathWalk.Mode.ENTRY)) {
            BasicFileAttributes sa = src.attributesOrNull();
            if (sa == null) {
                throw new SandboxException(ErrorCode.NOT_FOUND, "mv " + source + ": no such file or directory");
            }
            if (!destination.equals(source) && isDirectory(destination)) {
                destination = sandbox.lexical(destination.virtualPath(), source.name());
            }
            if (destination.virtualPath().equals(source.virtualPath())) {
                return source.virtualPath();
            }
            if (sa.isDirectory() && destination.virtualPath().startsWith(source.virtualPath() + "/")) {
                throw new SandboxException(ErrorCode.BAD_ARGS,
                        "mv " + source + ": cannot move a directory into itself (" + destination + ")");
            }
            try (Location dst = sandbox.locate(destination, PathWalk.Mode.ENTRY)) {
                BasicFileAttributes da = dst.attributesOrNull();
                if (dst.isDirectoryItself() || (da != null && (da.isDirectory() || sa.isDirectory()))) {
                    throw new SandboxException(ErrorCode.EXISTS, "mv " + source + ": " + destination
                            + " already exists");
                }
                src.dir().move(src.name(), dst.dir(), dst.name());
            }
        } catch (AtomicMoveNotSupportedException e) {
            throw new SandboxException(ErrorCode.FAILED, "mv " + source + ": " + destination
                    + " is on another file system", e);
        } catch (IOException e) {
            throw IoErrors.translate("mv", destination.virtualPath(), e);
        }
        log.debug("mv {} -> {}", source, destination);
        return destination.virtualPath();
    }

    /** Whether the path is a directory now, a link to one inside the root included. */
    private boolean isDirectory(SandboxPath path) throws IOException {
        try (Location at = sandbox.locate(path, PathWalk.Mode.FOLLOW)) {
            BasicFileAttributes a = at.attributesOrNull();
            return a != null && a.isDirectory();
        }
    }
}
