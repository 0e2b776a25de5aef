package dev.parley.memcached.codec;

import dev.parley.codec.text.ErrorCode;

/**
 * memcached's error replies as Parley {@link ErrorCode}s, so handlers answer with ordinary
 * {@code ParleyReply.error(...)} values and the toolkit's own errors (unknown verb, bad arguments, internal error)
 * come out in memcached's words through {@link MemcachedReplyEncoder}.
 */
public final class MemcachedErrors {

    /** {@code CLIENT_ERROR <message>}: the request was malformed. */
    public static final ErrorCode CLIENT_ERROR = ErrorCode.register("CLIENT_ERROR", ErrorCode.Kind.PERMANENT);
    /** {@code SERVER_ERROR <message>}: the server could not do it (out of memory, object too large). */
    public static final ErrorCode SERVER_ERROR = ErrorCode.register("SERVER_ERROR", ErrorCode.Kind.PERMANENT);

    private MemcachedErrors() {
    }
}
