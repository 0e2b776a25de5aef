package dev.parley.agent.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fallback {@link DirHandle} where the JDK has no {@link java.nio.file.SecureDirectoryStream} (macOS, Windows):
 * a host path whose components were each checked, when opened, to be a directory and not a link. Operations go by
 * path, with the last component never followed; a directory on the way that is swapped for a link after its check
 * redirects them.
 */
final class PathDirHandle extends DirHandle {

    private static final Logger log = LoggerFactory.getLogger("parley.agent.fs");

    private final Path dir;

    PathDirHandle(Path dir) {
        this.dir = dir;
    }

    @Override
    boolean isSecure() {
        return false;
    }

    @Override
    Path hostPath() {
        return dir;
    }

    @Override
    DirHandle openDirectory(String name) throws IOException {
        Path child = dir.resolve(name);
        BasicFileAttributes a = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isDirectory() || a.isSymbolicLink()) {
            throw new NotDirectoryException(name);
        }
        return new PathDirHandle(child);
    }

    @Override
    DirHandle reopen() {
        return new PathDirHandle(dir);
    }

    @Override
    BasicFileAttributes attributes(String name) throws IOException {
        return Files.readAttributes(dir.resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    BasicFileAttributes attributes() throws IOException {
        return Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    FileChannel openFile(String name, Set<? extends OpenOption> options) throws IOException {
        Set<OpenOption> noFollow = new HashSet<>(options);
        noFollow.add(LinkOption.NOFOLLOW_LINKS);
        return FileChannel.open(dir.resolve(name), noFollow);
    }

    @Override
    void deleteFile(String name) throws IOException {
        Path p = dir.resolve(name);
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("is a directory: " + name);
        }
        Files.delete(p);
    }

    @Override
    void deleteDirectory(String name) throws IOException {
        Path p = dir.resolve(name);
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotDirectoryException(name);
        }
        Files.delete(p);
    }

    @Override
    void move(String name, DirHandle target, String targetName) throws IOException {
        Files.move(dir.resolve(name), target.hostPath().resolve(targetName), StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path entry : stream) {
                names.add(entry.getFileName().toString());
            }
        }
        return names;
    }

    @Override
    int mode(String name) throws IOException {
        PosixFileAttributeView view = posixView(name);
        return view == null ? FileMode.UNKNOWN : FileMode.of(view.readAttributes().permissions());
    }

    @Override
    boolean setMode(String name, int mode) throws IOException {
        PosixFileAttributeView view = posixView(name);
        if (view == null) {
            return false;
        }
        view.setPermissions(FileMode.permissions(mode));
        return true;
    }

    private PosixFileAttributeView posixView(String name) {
        return Files.getFileAttributeView(dir.resolve(name), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    void sync() {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            log.trace("directory sync not supported here", e);
        }
    }

    @Override
    public void close() {
        // nothing is held open
    }
}
