package dev.parley.codec.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.WrappedByteBuf;

/**
 * Outbound bytes that carry a secret (credentials, a token): the {@link WireTraceHandler} logs them redacted, and
 * every other stage sees an ordinary {@code ByteBuf} (the same bytes, the same reference count). Mark a write as
 * sensitive with {@link #wrap(ByteBuf)} instead of taking the trace out of the pipeline around it.
 */
public final class SensitiveBytes extends WrappedByteBuf {

    private SensitiveBytes(ByteBuf buf) {
        super(buf);
    }

    /**
     * Marks bytes as sensitive.
     *
     * @param buf the bytes; ownership passes to the returned buffer
     * @return a buffer over the same bytes that the wire trace redacts
     */
    public static ByteBuf wrap(ByteBuf buf) {
        return buf instanceof SensitiveBytes ? buf : new SensitiveBytes(buf);
    }
}
