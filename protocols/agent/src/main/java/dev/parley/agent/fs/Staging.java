package dev.parley.agent.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's private directory at {@code <root>/}{@value Sandbox#STAGING_DIRECTORY}: upload temporaries and new
 * directories are made here, then renamed into place ({@code renameat}, one atomic step on one file system). No
 * client path reaches it, listings of {@code /} leave it out, and at start-up whatever an earlier agent left here is
 * removed. It is created when first needed (a read-only root never gets one), kept open for the agent's lifetime,
 * set to mode {@code 0700}, and locked so that a second agent on the same root never cleans up the first one's
 * uploads.
 *
 * <p>New directories: the JDK has no {@code mkdirat}. On Linux the directory is created through
 * {@code /proc/self/fd/<n>/<name>}, where {@code n} is this open directory, which the kernel resolves to the directory
 * itself, never by its name; then it is renamed into its open parent. Without {@code /proc} it is created by the host
 * path of this directory and then looked up through the open handle: if someone swapped this directory's name for a
 * link meanwhile, the lookup fails and so does the {@code mkdir}, but an empty directory with a random name may have
 * been made where the link pointed.
 */
final class Staging {

    /** Name prefix of directories being made. */
    static final String DIR_PREFIX = ".parley-mkdir-";

    private static final String LOCK_NAME = ".lock";
    private static final int CREATE_ATTEMPTS = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger log = LoggerFactory.getLogger("parley.agent.fs");

    private final DirHandle root;
    private final Path rootPath;
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private DirHandle dir;
    private FileChannel lockChannel;
    private boolean exclusive;
    private Path viaFd;
    private Object dirKey;

    Staging(DirHandle root, Path rootPath) {
        this.root = root;
        this.rootPath = rootPath;
    }

    /** Returns the open staging directory, creating it on first use. */
    synchronized DirHandle dir() throws IOException {
        if (dir == null) {
            dir = openOrCreate();
        }
        return dir;
    }

    private DirHandle openOrCreate() throws IOException {
        Path host = rootPath.resolve(Sandbox.STAGING_DIRECTORY);
        try {
            Files.createDirectory(host, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rwx------")));
        } catch (FileAlreadyExistsException exists) {
            log.trace("staging directory exists");
        } catch (UnsupportedOperationException noPosix) {
            Files.createDirectories(host);
        }
        Set<Path> before = DirectoryDescriptors.matching(root.attributes(Sandbox.STAGING_DIRECTORY).fileKey());
        DirHandle opened = root.openDirectory(Sandbox.STAGING_DIRECTORY);
        try {
            restrict(opened);
            lock(opened);
            dirKey = opened.attributes().fileKey();
            viaFd = DirectoryDescriptors.ownedSince(before, dirKey, opened);
            log.debug("staging directory open; new directories made through {}", viaFd == null ? "its path" : viaFd);
            return opened;
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    private static void restrict(DirHandle opened) throws IOException {
        if (opened instanceof SecureDirHandle) {
            PosixFileAttributeView view = ((SecureDirHandle) opened).ownView();
            if (view != null) {
                view.setPermissions(PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    private void lock(DirHandle opened) throws IOException {
        lockChannel = opened.openFile(LOCK_NAME, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
        try {
            FileLock lock = lockChannel.tryLock();
            exclusive = lock != null;
        } catch (OverlappingFileLockException sameJvm) {
            exclusive = false;
        }
        if (!exclusive) {
            log.info("another agent uses the same root: stale uploads are left for it");
        }
    }

    /** Creates an upload temporary; the name is remembered as live until {@link #forget(String)}. */
    Temp createTemp() throws IOException {
        DirHandle d = dir();
        for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
            String name = PushWriter.TEMP_PREFIX + randomHex() + PushWriter.TEMP_SUFFIX;
            try {
                FileChannel channel = d.openFile(name, Set.of(StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE));
                live.add(name);
                return new Temp(name, channel);
            } catch (FileAlreadyExistsException taken) {
                log.trace("temporary name taken, trying another");
            }
        }
        throw new IOException("cannot create a temporary file");
    }

    /** An upload temporary in the staging directory. */
    record Temp(String name, FileChannel channel) {
    }

    /** Renames a staged entry into its open parent directory, replacing a file of that name. */
    void moveInto(String stagedName, DirHandle parent, String name) throws IOException {
        dir().move(stagedName, parent, name);
        live.remove(stagedName);
    }

    /** Sets a staged entry's permission bits (never following a link); does nothing where there are none. */
    void setMode(String stagedName, int mode) throws IOException {
        if (!dir().setMode(stagedName, mode)) {
            log.debug("no POSIX permissions here: {} keeps its default mode", stagedName);
        }
    }

    /** Deletes a staged file and forgets it. */
    void delete(String stagedName) throws IOException {
        try {
            dir().deleteFile(stagedName);
        } finally {
            live.remove(stagedName);
        }
    }

    /**
     * Creates a directory entry in an open directory: made here, then renamed into {@code parent}. Succeeds if a
     * directory of that name is already there.
     *
     * @throws FileAlreadyExistsException if something else than a directory has the name
     */
    void makeDirectory(DirHandle parent, String name) throws IOException {
        DirHandle d = dir();
        String staged = DIR_PREFIX + randomHex();
        live.add(staged);
        try {
            createHere(d, staged);
            try {
                d.move(staged, parent, name);
                return;
            } catch (IOException taken) {
                deleteQuietly(d, staged);
                BasicFileAttributes a;
                try {
                    a = parent.attributes(name);
                } catch (NoSuchFileException gone) {
                    throw taken;
                }
                if (!a.isDirectory()) {
                    throw new FileAlreadyExistsException(name);
                }
            }
        } finally {
            live.remove(staged);
        }
    }

    private void createHere(DirHandle d, String staged) throws IOException {
        Path base = viaFd;
        if (base != null) {
            BasicFileAttributes a = Files.readAttributes(base, BasicFileAttributes.class);
            if (!a.fileKey().equals(dirKey)) {
                throw new IOException("the staging directory's descriptor changed");
            }
        } else {
            base = d.hostPath();
        }
        Files.createDirectory(base.resolve(staged));
        try {
            if (!d.attributes(staged).isDirectory()) {
                throw new IOException("staged directory replaced");
            }
        } catch (NoSuchFileException elsewhere) {
            log.warn("the staging directory was moved away while a directory was made in it");
            throw new IOException("the staging directory was moved", elsewhere);
        }
    }

    private static void deleteQuietly(DirHandle d, String staged) {
        try {
            d.deleteDirectory(staged);
        } catch (IOException e) {
            log.debug("cannot remove staged directory {}", staged, e);
        }
    }

    /**
     * Removes upload temporaries and half-made directories older than {@code olderThan}, except this agent's own
     * running ones; does nothing if there is no staging directory or another agent holds its lock.
     */
    int cleanup(Duration olderThan) throws IOException {
        try {
            root.attributes(Sandbox.STAGING_DIRECTORY);
        } catch (NoSuchFileException none) {
            return 0;
        }
        DirHandle d = dir();
        if (!exclusive) {
            return 0;
        }
        Instant cutoff = Instant.now().minus(olderThan);
        int deleted = 0;
        try (DirHandle listing = d.reopen()) {
            for (String name : listing.names()) {
                boolean temp = name.startsWith(PushWriter.TEMP_PREFIX) && name.endsWith(PushWriter.TEMP_SUFFIX);
                if (!(temp || name.startsWith(DIR_PREFIX)) || live.contains(name)) {
                    continue;
                }
                try {
                    BasicFileAttributes a = d.attributes(name);
                    if (!a.lastModifiedTime().toInstant().isBefore(cutoff) && !olderThan.isZero()) {
                        continue;
                    }
                    if (a.isDirectory()) {
                        d.deleteDirectory(name);
                    } else {
                        d.deleteFile(name);
                    }
                    deleted++;
                    log.info("deleted stale upload file {} ({} bytes)", name, a.size());
                } catch (IOException e) {
                    log.debug("cannot delete stale {}", name, e);
                }
            }
        }
        return deleted;
    }

    synchronized void close() {
        if (lockChannel != null) {
            try {
                lockChannel.close();
            } catch (IOException e) {
                log.debug("closing the staging lock failed", e);
            }
        }
        if (dir != null) {
            dir.close();
        }
    }

    private static String randomHex() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return Hex.encode(bytes);
    }
}
