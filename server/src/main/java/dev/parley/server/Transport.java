package dev.parley.server;

/**
 * The I/O transport of the event loops a server creates ({@link ServerOptions.Builder#transport(Transport)}). A
 * server given a shared {@link ParleyServer.Builder#eventLoopGroup group} follows that group's type instead.
 *
 * <p>The native transports need their Netty native library on the class path:
 * {@code io.netty:netty-transport-native-epoll:linux-x86_64} for {@link #EPOLL} and
 * {@code io.netty:netty-transport-native-io_uring:linux-x86_64} for {@link #IO_URING}. Asking for one that cannot
 * load fails the server's start with the reason Netty gives.
 */
public enum Transport {
    /** Native epoll when its library loads, NIO otherwise. The default. */
    AUTO,
    /** Native epoll (Linux). */
    EPOLL,
    /**
     * Native io_uring (Linux 5.14 or later): reads land in buffers the kernel takes from a ring the event loop
     * provides. Under many small requests it spends less system time per request than epoll (BENCHMARKS.md,
     * memcached). Kernels or containers that forbid io_uring ({@code kernel.io_uring_disabled}, seccomp) make it
     * unavailable.
     */
    IO_URING,
    /** Java NIO, on any platform. */
    NIO;

    /**
     * Returns the transport of a name as options and command lines spell it: {@code auto}, {@code epoll},
     * {@code io_uring} or {@code nio}, in any case.
     *
     * @param name the name
     * @return the transport
     * @throws IllegalArgumentException for any other name
     */
    public static Transport byName(String name) {
        for (Transport t : values()) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("transport: " + name + " (expected: auto, epoll, io_uring or nio)");
    }

    /** @return the name {@link #byName(String)} reads: {@code auto}, {@code epoll}, {@code io_uring} or {@code nio} */
    public String optionName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
