package dev.parley.testkit;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;

import java.util.ArrayList;
import java.util.List;

/**
 * An allocator that remembers every buffer it hands out, so that a test can check, deterministically and without
 * waiting for garbage collection, that all of them were released. Set it on a channel
 * ({@code channel.config().setAllocator(...)}) before the pipeline allocates, and wrap test input with
 * {@link #copyOf(byte[], int, int)} so that the input buffers are checked too.
 *
 * <p>It complements {@link LeakDetection}: Netty's paranoid detector still sees every buffer (allocation is delegated
 * to a leak-detecting allocator), while {@link #unreleased()} answers right away, which a property test or a
 * fuzz target needs after each of its many executions. Not thread-safe: use it on one channel's event loop.
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {

    private final ByteBufAllocator delegate;
    private final List<ByteBuf> handedOut = new ArrayList<>();

    /**
     * Creates an allocator over an unpooled, leak-detecting allocator. Unpooled, because a pooled buffer object is
     * recycled after its release and would then look alive again.
     */
    public TrackingAllocator() {
        this(new UnpooledByteBufAllocator(false, true));
    }

    /**
     * Creates an allocator over another one.
     *
     * @param delegate the allocator that makes the buffers; it must not recycle buffer objects
     */
    public TrackingAllocator(ByteBufAllocator delegate) {
        super(false);
        this.delegate = delegate;
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return track(delegate.heapBuffer(initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return track(delegate.directBuffer(initialCapacity, maxCapacity));
    }

    @Override
    public boolean isDirectBufferPooled() {
        return delegate.isDirectBufferPooled();
    }

    /**
     * Returns a tracked heap buffer holding a copy of some bytes, for feeding a channel.
     *
     * @param bytes the source
     * @param offset first byte to copy
     * @param length number of bytes
     * @return a new buffer that the caller (or the channel it is written to) must release; the shared empty buffer
     *         when {@code length} is 0
     */
    public ByteBuf copyOf(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return Unpooled.EMPTY_BUFFER;
        }
        return heapBuffer(length).writeBytes(bytes, offset, length);
    }

    private ByteBuf track(ByteBuf buf) {
        handedOut.add(buf);
        return buf;
    }

    /**
     * Returns the buffers handed out so far that still hold a reference.
     *
     * @return descriptions of the unreleased buffers, empty when everything was released
     */
    public List<String> unreleased() {
        List<String> open = new ArrayList<>();
        for (ByteBuf buf : handedOut) {
            if (buf.refCnt() != 0) {
                open.add(buf + " refCnt=" + buf.refCnt());
            }
        }
        return open;
    }

    /**
     * Returns the number of buffers handed out so far.
     *
     * @return the count
     */
    public int allocations() {
        return handedOut.size();
    }
}
