package dev.parley.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** {@code auth <token>} against one shared secret; digests are compared so that even the length does not leak. */
final class SharedTokenAuthenticator implements Authenticator {

    private final byte[] expectedDigest;

    SharedTokenAuthenticator(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("token: empty (expected: a non-empty secret)");
        }
        this.expectedDigest = digest(token);
    }

    @Override
    public String authenticate(List<String> args, Session session) {
        if (args.size() != 1) {
            return null;
        }
        return MessageDigest.isEqual(expectedDigest, digest(args.get(0))) ? "token" : null;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "SharedTokenAuthenticator(****)";
    }
}
