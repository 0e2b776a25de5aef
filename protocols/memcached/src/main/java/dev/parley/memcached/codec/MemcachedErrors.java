package dev.parley.memcached.codec;

import dev.parley.codec.text.ErrorCode;

/**
 * memcached's error replies as Parley {@link ErrorCode}s, on the client side: {@code MemcachedClient} reports a
 * {@code CLIENT_ERROR} or {@code SERVER_ERROR} reply with these codes. The server side has its own reply type
 * ({@link MemcachedReply}) and words the core's failures through {@link MemcachedFailures}.
 */
public final class MemcachedErrors {

    /** {@code CLIENT_ERROR <message>}: the request was malformed. */
    public static final ErrorCode CLIENT_ERROR = ErrorCode.register("CLIENT_ERROR", ErrorCode.Kind.PERMANENT);
    /** {@code SERVER_ERROR <message>}: the server could not do it (out of memory, object too large). */
    public static final ErrorCode SERVER_ERROR = ErrorCode.register("SERVER_ERROR", ErrorCode.Kind.PERMANENT);

    private MemcachedErrors() {
    }
}
