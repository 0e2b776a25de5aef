package dev.parley.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.slf4j.Logger;

/** Chooses native epoll when its library is loadable, NIO otherwise, and matches the channel type to a group. */
final class Transports {

    private Transports() {
    }

    static EventLoopGroup newGroup(Logger log, int threads) {
        if (Epoll.isAvailable()) {
            log.debug("PS020 transport: native epoll");
            return new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory());
        }
        log.debug("PS020 transport: NIO (native epoll unavailable: {})", String.valueOf(Epoll.unavailabilityCause()));
        return new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    static Class<? extends ServerChannel> serverChannelType(EventLoopGroup group) {
        if (group instanceof IoEventLoopGroup && Epoll.isAvailable()
                && ((IoEventLoopGroup) group).isIoType(EpollIoHandler.class)) {
            return EpollServerSocketChannel.class;
        }
        return NioServerSocketChannel.class;
    }
}
