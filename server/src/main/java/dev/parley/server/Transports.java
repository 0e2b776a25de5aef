package dev.parley.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandler;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringAdaptiveBufferRingAllocator;
import io.netty.channel.uring.IoUringBufferRingConfig;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.channel.uring.IoUringServerSocketChannel;
import org.slf4j.Logger;

/**
 * Creates the event loop group for a {@link Transport}, matches the server channel type to a group, and gives the
 * children of an io_uring group the group's buffer ring.
 */
final class Transports {

    /** The buffer group of the ring an io_uring group made here provides for its channels' reads. */
    private static final short BUFFER_GROUP = 1;
    /** Buffers in that ring: each event loop serves many connections from one ring, refilled in batches. */
    private static final short RING_SIZE = 256;
    private static final int RING_BATCH = 64;

    private Transports() {
    }

    static EventLoopGroup newGroup(Logger log, int threads, Transport transport) {
        switch (transport) {
            case AUTO:
                if (Epoll.isAvailable()) {
                    return newGroup(log, threads, Transport.EPOLL);
                }
                log.debug("PS020 transport: NIO (native epoll unavailable: {})",
                        String.valueOf(Epoll.unavailabilityCause()));
                return new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
            case EPOLL:
                require(transport, Epoll.unavailabilityCause());
                log.debug("PS020 transport: native epoll");
                return new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory());
            case IO_URING:
                require(transport, IoUring.unavailabilityCause());
                log.debug("PS020 transport: native io_uring");
                IoUringIoHandlerConfig config = new IoUringIoHandlerConfig().setBufferRingConfig(
                        IoUringBufferRingConfig.builder().bufferGroupId(BUFFER_GROUP).bufferRingSize(RING_SIZE)
                                .batchSize(RING_BATCH).allocator(new IoUringAdaptiveBufferRingAllocator()).build());
                return new MultiThreadIoEventLoopGroup(threads, IoUringIoHandler.newFactory(config));
            case NIO:
                log.debug("PS020 transport: NIO");
                return new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
            default:
                throw new AssertionError(transport);
        }
    }

    private static void require(Transport transport, Throwable unavailable) {
        if (unavailable != null) {
            throw new IllegalStateException("transport " + transport + ": unavailable here (" + unavailable
                    + "); use Transport.AUTO or NIO, or add Netty's native library for it", unavailable);
        }
    }

    static Class<? extends ServerChannel> serverChannelType(EventLoopGroup group) {
        if (isIoType(group, IoUring.isAvailable(), IoUringIoHandler.class)) {
            return IoUringServerSocketChannel.class;
        }
        if (isIoType(group, Epoll.isAvailable(), EpollIoHandler.class)) {
            return EpollServerSocketChannel.class;
        }
        return NioServerSocketChannel.class;
    }

    /** Points the children of an io_uring group this class made at its buffer ring; other groups have none. */
    static void configureChildren(ServerBootstrap bootstrap, EventLoopGroup group, boolean madeHere) {
        if (madeHere && isIoType(group, IoUring.isAvailable(), IoUringIoHandler.class)) {
            bootstrap.childOption(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID, BUFFER_GROUP);
        }
    }

    /** Whether a group runs a native handler; asked only where its library loads, as loading it is the check. */
    private static boolean isIoType(EventLoopGroup group, boolean loadable, Class<? extends IoHandler> type) {
        return loadable && group instanceof IoEventLoopGroup && ((IoEventLoopGroup) group).isIoType(type);
    }
}
