package dev.parley.testkit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Feeds bytes to an {@link EmbeddedChannel} in chunks of chosen sizes, the way a socket delivers them, and collects
 * what comes out of the pipeline, for fuzz targets and property tests of decoders.
 *
 * <p>A handler added at the tail stands for the owner of the pipeline (a server's session, a client's connection):
 * it records the first exception that reaches it and closes the channel, as they do. Feeding stops once the channel
 * is closed. At the end the channel is closed, so a decoder also sees the end of input ({@code decodeLast}).
 */
public final class SplitFeed {

    private SplitFeed() {
    }

    /** What a pipeline produced for one input. */
    public static final class Result {
        private final List<Object> all;
        private final int beforeFailure;
        private final Throwable failure;
        private final boolean closedEarly;

        Result(List<Object> all, int beforeFailure, Throwable failure, boolean closedEarly) {
            this.all = all;
            this.beforeFailure = beforeFailure;
            this.failure = failure;
            this.closedEarly = closedEarly;
        }

        /**
         * Returns the messages that reached the tail before the first failure, in order. A decoder may still emit
         * frames from bytes it already holds after the owner closed the channel; those are left out (and released by
         * {@link #release()}), since an owner ignores reads once it has closed.
         *
         * @return the messages; {@link #release()} releases them
         */
        public List<Object> messages() {
            return all.subList(0, beforeFailure);
        }

        /** @return the number of messages that still arrived after the first failure */
        public int lateMessages() {
            return all.size() - beforeFailure;
        }

        /** @return the first exception that reached the tail, or {@code null} */
        public Throwable failure() {
            return failure;
        }

        /** @return whether the channel was closed before all the input was written */
        public boolean closedEarly() {
            return closedEarly;
        }

        /** Releases every message that holds a reference count. */
        public void release() {
            for (Object m : all) {
                ReferenceCountUtil.release(m);
            }
        }
    }

    /**
     * Returns chunk sizes for an input: {@code seed 0} means one byte at a time, any other seed a pseudo-random
     * sequence of sizes from 1 to {@code maxChunk}.
     *
     * @param seed the split pattern
     * @param length the input length
     * @param maxChunk the largest chunk, {@code >= 1}
     * @return sizes adding up to {@code length}
     */
    public static int[] splits(int seed, int length, int maxChunk) {
        List<Integer> sizes = new ArrayList<>();
        Random random = new Random(seed);
        int left = length;
        while (left > 0) {
            int size = seed == 0 ? 1 : Math.min(left, 1 + random.nextInt(maxChunk));
            sizes.add(size);
            left -= size;
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Writes {@code data[from, to)} to the channel as tracked buffers of the given sizes (the whole range at once
     * when {@code sizes} is empty), then closes the channel and collects the output.
     *
     * @param channel a channel whose pipeline is set up and whose allocator is {@code alloc}
     * @param alloc the allocator that makes the input buffers
     * @param data the input
     * @param from first byte
     * @param to end of the input, exclusive
     * @param sizes chunk sizes adding up to {@code to - from}, or empty for one write
     * @return what came out
     */
    public static Result feed(EmbeddedChannel channel, TrackingAllocator alloc, byte[] data, int from, int to,
                              int[] sizes) {
        FailureCloser closer = new FailureCloser();
        channel.pipeline().addLast("split-feed-closer", closer);
        List<Object> out = new ArrayList<>();
        boolean closedEarly = false;
        int at = from;
        int chunk = 0;
        while (at < to) {
            if (!channel.isOpen()) {
                closedEarly = true;
                break;
            }
            int size = sizes.length == 0 ? to - at : sizes[chunk++];
            channel.writeInbound(alloc.copyOf(data, at, size));
            drain(channel, out);
            at += size;
        }
        channel.close();
        drain(channel, out);
        return new Result(out, closer.failure == null ? out.size() : closer.failedAt, closer.failure, closedEarly);
    }

    private static void drain(EmbeddedChannel channel, List<Object> out) {
        Object m;
        while ((m = channel.readInbound()) != null) {
            out.add(m);
        }
    }

    /** Records the first exception and closes the channel, as a pipeline's owner does. */
    private static final class FailureCloser extends ChannelInboundHandlerAdapter {
        Throwable failure;
        int seen;
        int failedAt;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            seen++;
            ctx.fireChannelRead(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (failure == null) {
                failure = cause;
                failedAt = seen;
            }
            ctx.close();
        }
    }
}
