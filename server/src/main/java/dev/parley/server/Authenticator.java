package dev.parley.server;

import java.util.List;
import java.util.Set;

/**
 * The authentication scheme of a server (pluggable). Until a session authenticates, every verb except
 * {@link #allowedBeforeAuth()} and the scheme's own {@link #verb()} is answered {@code ERR AUTH_REQUIRED}. A failed
 * attempt is answered {@code ERR DENIED} after a delay that grows with each failure
 * ({@link Limits#authFailureDelay()}); after {@link Limits#maxAuthFailures()} failures the server sends
 * {@code BYE DENIED} and closes.
 *
 * <p>Across connections, the server bounds how fast attempts are evaluated: per source address (IPv6: per /64)
 * {@link Limits#authAddressBurst()} at once, then one per {@link Limits#authAddressInterval()}; for the whole server
 * {@link Limits#authGlobalBurst()} at once, then one per {@link Limits#authGlobalInterval()}. Successful attempts do
 * not count. An attempt over a bound waits for its turn, at most {@link Limits#authMaxWait()}, before
 * {@link #authenticate(List, Session)} is called; one whose turn is further away is answered {@code ERR BUSY}
 * without being evaluated and counts as a failure of its connection. Failures are logged at WARN with the peer
 * address ({@code PS010}, {@code PS011}), never with the credentials.
 *
 * <p>{@link #authenticate(List, Session)} runs on the event loop and must not block. Implementations must never log
 * or echo credentials.
 */
public interface Authenticator {

    /** The verbs allowed before authentication by default. */
    Set<String> DEFAULT_ALLOWED_BEFORE_AUTH = Set.of("ping", "help", "quit");

    /**
     * Returns the shared-token scheme: {@code auth <token>} succeeds when the token equals the configured one,
     * compared in constant time; the principal is {@code "token"}.
     *
     * @param token the secret; never logged
     * @return the authenticator
     * @throws IllegalArgumentException if the token is empty
     */
    static Authenticator sharedToken(String token) {
        return new SharedTokenAuthenticator(token);
    }

    /** @return the verb that carries credentials; default {@code auth} */
    default String verb() {
        return "auth";
    }

    /** @return the usage text of the verb, for {@code help} and {@code ERR BAD_ARGS}; default {@code <token>} */
    default String usage() {
        return "<token>";
    }

    /** @return the verbs served before authentication; default {@link #DEFAULT_ALLOWED_BEFORE_AUTH} */
    default Set<String> allowedBeforeAuth() {
        return DEFAULT_ALLOWED_BEFORE_AUTH;
    }

    /**
     * Checks credentials.
     *
     * @param args the arguments of the auth verb
     * @param session the session asking
     * @return the principal on success, or {@code null} when the credentials are wrong
     */
    String authenticate(List<String> args, Session session);
}
