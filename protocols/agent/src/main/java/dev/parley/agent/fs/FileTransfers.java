package dev.parley.agent.fs;

import dev.parley.codec.text.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** The transfer side of {@link AgentFiles}: ranges opened for pull, atomic uploads for push, and their clean-up. */
final class FileTransfers {

    private static final Logger log = LoggerFactory.getLogger("parley.agent.fs");
    private static final int TEMP_CREATE_ATTEMPTS = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Sandbox sandbox;

    FileTransfers(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    ReadRegion openRead(String cwd, String path, long offset, long length) throws SandboxException {
        SandboxPath file = sandbox.resolve(cwd, path);
        if (offset < 0) {
            throw new SandboxException(ErrorCode.BAD_ARGS, "pull " + file + ": offset: " + offset
                    + " (expected: >= 0)");
        }
        if (length < -1) {
            throw new SandboxException(ErrorCode.BAD_ARGS, "pull " + file + ": length: " + length
                    + " (expected: >= 0, or -1 for the rest of the file)");
        }
        requireRegularFile(file, "pull");
        FileChannel channel;
        try {
            channel = FileChannel.open(file.hostPath(), StandardOpenOption.READ);
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
            return new ReadRegion(file.virtualPath(), channel, offset, count);
        } catch (IOException e) {
            closeQuietly(channel);
            throw IoErrors.translate("pull", file.virtualPath(), e);
        }
    }

    PushWriter beginPush(String cwd, String path, long expectedLength) throws SandboxException {
        SandboxPath target = sandbox.resolve(cwd, path);
        if (target.isRoot() || Files.isDirectory(target.hostPath())) {
            throw new SandboxException(ErrorCode.EXISTS, "push " + target + ": is a directory");
        }
        if (expectedLength < -1) {
            throw new SandboxException(ErrorCode.BAD_ARGS, "push " + target + ": length: " + expectedLength
                    + " (expected: >= 0, or -1 if unknown)");
        }
        Path parent = target.hostPath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (FileAlreadyExistsException e) {
            throw new SandboxException(ErrorCode.FAILED, "push " + target + ": a parent is not a directory", e);
        } catch (IOException e) {
            throw IoErrors.translate("push", target.virtualPath(), e);
        }
        for (int attempt = 0; attempt < TEMP_CREATE_ATTEMPTS; attempt++) {
            Path temp = parent.resolve(PushWriter.TEMP_PREFIX + randomHex() + PushWriter.TEMP_SUFFIX);
            try {
                FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                log.debug("push {} started (expected length {})", target, expectedLength);
                return new PushWriter(target.virtualPath(), target.hostPath(), temp, channel, expectedLength);
            } catch (FileAlreadyExistsException taken) {
                log.trace("temporary name taken, trying another");
            } catch (IOException e) {
                throw IoErrors.translate("push", target.virtualPath(), e);
            }
        }
        throw new SandboxException(ErrorCode.FAILED, "push " + target + ": cannot create a temporary file");
    }

    int cleanupStaleTemps(Duration olderThan) throws SandboxException {
        Instant cutoff = Instant.now().minus(olderThan);
        AtomicInteger deleted = new AtomicInteger();
        try {
            Files.walkFileTree(sandbox.root(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String name = file.getFileName().toString();
                    if (attrs.isRegularFile() && name.startsWith(PushWriter.TEMP_PREFIX)
                            && name.endsWith(PushWriter.TEMP_SUFFIX)
                            && attrs.lastModifiedTime().toInstant().isBefore(cutoff)) {
                        if (Files.deleteIfExists(file)) {
                            deleted.incrementAndGet();
                            log.info("deleted stale upload file {}", sandbox.virtualPathOf(file));
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    log.debug("cannot visit {}", sandbox.virtualPathOf(file), e);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw IoErrors.translate("cleanup", "/", e);
        }
        return deleted.get();
    }

    static void requireRegularFile(SandboxPath file, String operation) throws SandboxException {
        if (!Files.exists(file.hostPath())) {
            throw new SandboxException(ErrorCode.NOT_FOUND, operation + " " + file + ": no such file");
        }
        if (!Files.isRegularFile(file.hostPath())) {
            throw new SandboxException(ErrorCode.FAILED, operation + " " + file + ": not a regular file");
        }
    }

    private static String randomHex() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return Hex.encode(bytes);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing a channel failed", e);
        }
    }
}
