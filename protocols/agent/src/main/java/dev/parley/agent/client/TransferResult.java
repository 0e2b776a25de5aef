package dev.parley.agent.client;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A verified transfer: the remote path as the agent reported it, the local file, the byte count and the SHA-256 that
 * both sides agree on.
 *
 * @param remotePath the remote path as given to the call
 * @param localPath the local file
 * @param length the bytes transferred
 * @param sha256 the SHA-256 of those bytes, lowercase hex
 */
public record TransferResult(String remotePath, Path localPath, long length, String sha256) {

    /**
     * Checks the components.
     *
     * @param remotePath the remote path
     * @param localPath the local file
     * @param length the byte count
     * @param sha256 the digest
     */
    public TransferResult {
        Objects.requireNonNull(remotePath, "remotePath");
        Objects.requireNonNull(localPath, "localPath");
        Objects.requireNonNull(sha256, "sha256");
    }
}
