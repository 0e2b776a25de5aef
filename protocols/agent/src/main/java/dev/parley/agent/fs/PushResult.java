package dev.parley.agent.fs;

import java.util.Objects;

/**
 * What a committed upload produced.
 *
 * @param virtualPath the target's virtual path
 * @param length      how many bytes were written
 * @param sha256      the SHA-256 of those bytes, lowercase hex, computed while streaming
 */
public record PushResult(String virtualPath, long length, String sha256) {

    /**
     * Checks the components.
     *
     * @param virtualPath the target's virtual path
     * @param length      the byte count
     * @param sha256      the digest in hex
     */
    public PushResult {
        Objects.requireNonNull(virtualPath, "virtualPath");
        Objects.requireNonNull(sha256, "sha256");
    }
}
