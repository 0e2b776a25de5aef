package dev.parley.codec.spi;

import io.netty.util.ReferenceCounted;

/**
 * A pipeline message that holds no buffer, such as a protocol's decoded request or its reply before encoding. Its
 * reference count is a formality: always 1, {@link #retain()} and {@link #touch()} return the message,
 * {@link #release()} frees nothing and returns {@code false}. So Netty and any handler may treat it like a buffer
 * (release it after use, pass it through {@code ReferenceCountUtil}) without effect.
 *
 * <p>Why a message without a buffer is reference-counted at all: while leak detection is on (Netty's default), every
 * pipeline hop checks the message with {@code instanceof ReferenceCounted}. On Java 17 a type check against an
 * interface that the class does not implement scans the class's interfaces each time, while one that succeeds is
 * answered from a one-entry cache (JDK-8180450; Java 23 replaced the scan with a table). For a Parley {@code get}
 * request and its reply those failed checks cost the server about a fifth of its time per request (BENCHMARKS.md,
 * "Messages that pass Netty's reference-count check").
 *
 * <p>The same cache holds one interface per class: a class checked alternately against two of its interfaces (this
 * one and, say, {@link Request}) at the same call site misses it both times. The core's hot paths therefore compare
 * message classes instead of checking interfaces where a site sees several kinds of message.
 */
public abstract class PlainMessage implements ReferenceCounted {

    /** For subclasses. */
    protected PlainMessage() {
    }

    /** @return 1, always */
    @Override
    public final int refCnt() {
        return 1;
    }

    /** @return this message; nothing is counted */
    @Override
    public final PlainMessage retain() {
        return this;
    }

    /**
     * Does nothing.
     *
     * @param increment ignored
     * @return this message
     */
    @Override
    public final PlainMessage retain(int increment) {
        return this;
    }

    /** @return this message; nothing is recorded */
    @Override
    public final PlainMessage touch() {
        return this;
    }

    /**
     * Does nothing.
     *
     * @param hint ignored
     * @return this message
     */
    @Override
    public final PlainMessage touch(Object hint) {
        return this;
    }

    /** @return {@code false}: there is nothing to free */
    @Override
    public final boolean release() {
        return false;
    }

    /**
     * Does nothing.
     *
     * @param decrement ignored
     * @return {@code false}: there is nothing to free
     */
    @Override
    public final boolean release(int decrement) {
        return false;
    }
}
