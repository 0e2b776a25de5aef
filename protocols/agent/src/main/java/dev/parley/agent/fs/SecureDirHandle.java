package dev.parley.agent.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link DirHandle} over a {@link SecureDirectoryStream}: every operation is relative to the open directory. */
final class SecureDirHandle extends DirHandle {

    private static final Logger log = LoggerFactory.getLogger("parley.agent.fs");

    private final Path hostPath;
    private final SecureDirectoryStream<Path> stream;

    SecureDirHandle(Path hostPath, SecureDirectoryStream<Path> stream) {
        this.hostPath = hostPath;
        this.stream = stream;
    }

    @Override
    boolean isSecure() {
        return true;
    }

    @Override
    Path hostPath() {
        return hostPath;
    }

    private Path name(String name) {
        return hostPath.getFileSystem().getPath(name);
    }

    @Override
    DirHandle openDirectory(String name) throws IOException {
        return new SecureDirHandle(hostPath.resolve(name),
                stream.newDirectoryStream(name(name), LinkOption.NOFOLLOW_LINKS));
    }

    @Override
    DirHandle reopen() throws IOException {
        return new SecureDirHandle(hostPath, stream.newDirectoryStream(name("."), LinkOption.NOFOLLOW_LINKS));
    }

    @Override
    BasicFileAttributes attributes(String name) throws IOException {
        return stream.getFileAttributeView(name(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes();
    }

    @Override
    BasicFileAttributes attributes() throws IOException {
        return stream.getFileAttributeView(BasicFileAttributeView.class).readAttributes();
    }

    @Override
    FileChannel openFile(String name, Set<? extends OpenOption> options) throws IOException {
        Set<OpenOption> noFollow = new HashSet<>(options);
        noFollow.add(LinkOption.NOFOLLOW_LINKS);
        SeekableByteChannel channel = stream.newByteChannel(name(name), noFollow);
        if (channel instanceof FileChannel file) {
            return file;
        }
        channel.close();
        throw new IOException("the platform opened a " + channel.getClass().getSimpleName() + ", not a FileChannel");
    }

    @Override
    void deleteFile(String name) throws IOException {
        stream.deleteFile(name(name));
    }

    @Override
    void deleteDirectory(String name) throws IOException {
        stream.deleteDirectory(name(name));
    }

    @Override
    void move(String name, DirHandle target, String targetName) throws IOException {
        if (!(target instanceof SecureDirHandle other)) {
            throw new IOException("cannot rename between a secure and a path-based directory");
        }
        stream.move(name(name), other.stream, name(targetName));
    }

    @Override
    List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        for (Path entry : stream) {
            names.add(entry.getFileName().toString());
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
        // fchmod on the entry opened relative to this directory with O_NOFOLLOW: a link in its place fails (ELOOP).
        PosixFileAttributeView view = posixView(name);
        if (view == null) {
            return false;
        }
        view.setPermissions(FileMode.permissions(mode));
        return true;
    }

    private PosixFileAttributeView posixView(String name) {
        return stream.getFileAttributeView(name(name), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    void sync() {
        try (SeekableByteChannel dir = stream.newByteChannel(name("."), Set.of(StandardOpenOption.READ))) {
            if (dir instanceof FileChannel file) {
                file.force(true);
            }
        } catch (IOException e) {
            log.trace("directory sync not supported here", e);
        }
    }

    /** The POSIX view of this directory itself (acting on the open directory), or null where unsupported. */
    PosixFileAttributeView ownView() {
        return stream.getFileAttributeView(PosixFileAttributeView.class);
    }

    @Override
    public void close() {
        try {
            stream.close();
        } catch (IOException e) {
            log.debug("closing a directory failed", e);
        }
    }
}
