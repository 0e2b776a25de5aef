package dev.parley.agent.fs;

import dev.parley.codec.text.ErrorCode;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/** The digests that the {@code hash} command offers. */
public enum HashAlgorithm {
    /** SHA-256, the default. */
    SHA256("sha256", "SHA-256"),
    /** MD5, for tools that still only compare MD5 sums. */
    MD5("md5", "MD5");

    /** The algorithm used when the client names none. */
    public static final HashAlgorithm DEFAULT = SHA256;

    private final String wireName;
    private final String jcaName;

    HashAlgorithm(String wireName, String jcaName) {
        this.wireName = wireName;
        this.jcaName = jcaName;
    }

    /**
     * Returns the name used on the wire.
     *
     * @return {@code sha256} or {@code md5}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Creates a fresh digest for this algorithm.
     *
     * @return a new {@link MessageDigest}
     */
    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is required on every Java platform", e);
        }
    }

    /**
     * Parses the wire name, case-insensitively; {@code null} or empty means {@link #DEFAULT}.
     *
     * @param name the client's algorithm name
     * @return the algorithm
     * @throws SandboxException {@link ErrorCode#BAD_ARGS} if the name is unknown
     */
    public static HashAlgorithm parse(String name) throws SandboxException {
        if (name == null || name.isEmpty()) {
            return DEFAULT;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (HashAlgorithm algorithm : values()) {
            if (algorithm.wireName.equals(lower)) {
                return algorithm;
            }
        }
        throw new SandboxException(ErrorCode.BAD_ARGS,
                "hash algorithm: " + Sandbox.printable(name) + " (expected: sha256 or md5)");
    }
}
