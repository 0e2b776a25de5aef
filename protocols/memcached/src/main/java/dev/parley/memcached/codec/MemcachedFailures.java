package dev.parley.memcached.codec;

import dev.parley.codec.spi.Failure;
import dev.parley.codec.spi.FailureReplies;

import java.util.Locale;

/**
 * memcached's words for the answers the server's core makes up by itself:
 * <ul>
 *   <li>{@code UNKNOWN_COMMAND} → {@code ERROR}</li>
 *   <li>{@code BAD_REQUEST} (a data block without its CR LF) → {@code CLIENT_ERROR bad data chunk}</li>
 *   <li>{@code BAD_ARGS} → {@code CLIENT_ERROR <message>} ({@code bad command line format} when empty);
 *       {@code TOO_LONG} → {@code CLIENT_ERROR line too long}</li>
 *   <li>{@code TOO_LARGE} → {@code SERVER_ERROR object too large for cache}</li>
 *   <li>every other failure ({@code INTERNAL}, {@code TIMEOUT}, {@code BUSY}, ...) →
 *       {@code SERVER_ERROR <message>}</li>
 *   <li>before the connection closes: {@code BUSY} (too many connections) → {@code ERROR Too many open connections};
 *       {@code PROTOCOL} (a framing violation: a {@code <bytes>} token that is not a count) →
 *       {@code CLIENT_ERROR bad command line format}, memcached's answer to such a line; nothing for the others
 *       (memcached just closes)</li>
 * </ul>
 */
public final class MemcachedFailures implements FailureReplies {

    /** The shared instance. */
    public static final MemcachedFailures INSTANCE = new MemcachedFailures();

    static final MemcachedReply ERROR = MemcachedReply.line("ERROR");
    static final MemcachedReply BAD_FORMAT = MemcachedReply.line("CLIENT_ERROR bad command line format");
    private static final MemcachedReply TOO_LONG = MemcachedReply.line("CLIENT_ERROR line too long");
    private static final MemcachedReply TOO_LARGE = MemcachedReply.line("SERVER_ERROR object too large for cache");
    private static final MemcachedReply BAD_CHUNK = MemcachedReply.line("CLIENT_ERROR bad data chunk");
    private static final MemcachedReply TOO_MANY = MemcachedReply.line("ERROR Too many open connections");

    private MemcachedFailures() {
    }

    @Override
    public MemcachedReply reply(Failure failure, String message, boolean closes) {
        if (closes) {
            switch (failure) {
                case BUSY:
                    return TOO_MANY;
                case PROTOCOL:
                    return BAD_FORMAT;
                default:
                    return null;
            }
        }
        switch (failure) {
            case UNKNOWN_COMMAND:
                return ERROR;
            case TOO_LONG:
                return TOO_LONG;
            case TOO_LARGE:
                return TOO_LARGE;
            case BAD_REQUEST:
                return BAD_CHUNK;
            case BAD_ARGS:
                return message.isEmpty() ? BAD_FORMAT : MemcachedReply.text("CLIENT_ERROR " + message);
            default:
                return MemcachedReply.text("SERVER_ERROR "
                        + (message.isEmpty() ? failure.name().toLowerCase(Locale.ROOT) : message));
        }
    }
}
