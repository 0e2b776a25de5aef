package dev.parley.agent.fs;

import dev.parley.codec.text.ErrorCode;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Turns host I/O exceptions into {@link SandboxException}s whose messages name the virtual path only: the host
 * exception's own message contains host paths and is kept as the cause, for logs.
 */
final class IoErrors {

    private IoErrors() {
    }

    static SandboxException translate(String operation, String virtualPath, IOException e) {
        if (e instanceof SandboxException sandboxException) {
            return sandboxException;
        }
        String prefix = operation + " " + virtualPath + ": ";
        if (e instanceof NoSuchFileException) {
            return new SandboxException(ErrorCode.NOT_FOUND, prefix + "no such file or directory", e);
        }
        if (e instanceof FileAlreadyExistsException) {
            return new SandboxException(ErrorCode.EXISTS, prefix + "already exists", e);
        }
        if (e instanceof DirectoryNotEmptyException) {
            return new SandboxException(ErrorCode.FAILED, prefix + "directory not empty", e);
        }
        if (e instanceof NotDirectoryException) {
            return new SandboxException(ErrorCode.FAILED, prefix + "not a directory", e);
        }
        if (e instanceof AccessDeniedException) {
            return new SandboxException(ErrorCode.DENIED, prefix + "permission denied", e);
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            // The reason is the operating system's error text ("File name too long"), without paths.
            return new SandboxException(ErrorCode.FAILED, prefix + fse.getReason(), e);
        }
        return new SandboxException(ErrorCode.FAILED, prefix + e.getClass().getSimpleName(), e);
    }
}
