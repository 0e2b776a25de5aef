package dev.parley.cli;

import dev.parley.memcached.MemcachedServer;
import dev.parley.memcached.RunningMemcachedServer;
import dev.parley.memcached.store.KeyPolicy;
import dev.parley.server.ServerOptions;
import dev.parley.server.Transport;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code parley memcached}: a memcached-compatible cache server (text protocol) until SIGINT or SIGTERM.
 */
@Command(name = "memcached", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Run a memcached-compatible server (memcached's text protocol), on 127.0.0.1:11211 by default.",
                "Stock memcached clients work against it. Prints one line when ready; stops on Ctrl-C or SIGTERM."})
final class MemcachedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Verbosity verbosity;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = ServerOptions.DEFAULT_BIND_ADDRESS,
            description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--port", paramLabel = "N", defaultValue = "11211",
            description = "Port to listen on; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--memory", paramLabel = "SIZE", converter = SizeConverter.class, defaultValue = "64m",
            description = "Memory for items; least recently used items are evicted beyond it. "
                    + "Default: ${DEFAULT-VALUE}.")
    long memory;

    @Option(names = "--max-item-size", paramLabel = "SIZE", converter = SizeConverter.class, defaultValue = "1m",
            description = "Largest item (key + value + overhead). Default: ${DEFAULT-VALUE}.")
    long maxItemSize;

    @Option(names = "--keys", paramLabel = "strict|lenient", converter = KeyPolicyConverter.class,
            defaultValue = "strict",
            description = {"Which keys to accept, 250 bytes at most either way. strict: as protocol.txt says, no "
                    + "control characters and no space. lenient: what memcached itself accepts, any byte but space, "
                    + "CR, LF and NUL; memcaslap's keys (starting with 0x10 bytes) need it. "
                    + "Default: ${DEFAULT-VALUE}."})
    KeyPolicy keys;

    @Option(names = "--transport", paramLabel = "auto|epoll|io_uring|nio", converter = TransportConverter.class,
            defaultValue = "auto",
            description = {"The event loops' I/O: auto is native epoll where it loads, else NIO; io_uring (Linux "
                    + "5.14+) spends less system time per request under many small ones. Default: ${DEFAULT-VALUE}."})
    Transport transport;

    @Override
    public Integer call() throws InterruptedException {
        verbosity.apply();
        if (maxItemSize > Integer.MAX_VALUE) {
            throw new ParameterException(spec.commandLine(), "--max-item-size: " + maxItemSize
                    + " (expected: <= " + Integer.MAX_VALUE + ")");
        }
        MemcachedServer server;
        try {
            server = MemcachedServer.builder().server(s -> s.bindAddress(bind).port(port).transport(transport))
                    .memoryLimit(memory).maxItemSize((int) maxItemSize).keyPolicy(keys).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        RunningMemcachedServer running;
        try {
            running = server.start();
        } catch (IllegalStateException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("parley: " + e.getMessage());
            err.flush();
            return ExitStatus.UNAVAILABLE;
        } catch (RuntimeException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("parley: cannot listen on " + bind + ":" + port + ": " + e.getMessage());
            err.flush();
            return ExitStatus.UNAVAILABLE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("stopping");
            running.close();
            System.err.println("stopped");
            stopped.countDown();
        }, "parley-memcached-shutdown"));
        String host = running.localAddress().getAddress().getHostAddress();
        new PrintWriter(System.out, true, StandardCharsets.UTF_8).println("listening on "
                + (host.contains(":") ? "[" + host + "]" : host) + ":" + running.port() + " memory=" + memory
                + " max-item-size=" + maxItemSize + " keys=" + keys.optionName()
                + " transport=" + transport.optionName());
        stopped.await();
        return ExitStatus.OK;
    }

    /** Converts {@code auto}, {@code epoll}, {@code io_uring} and {@code nio} (any case) to a {@link Transport}. */
    static final class TransportConverter implements ITypeConverter<Transport> {
        @Override
        public Transport convert(String value) {
            try {
                return Transport.byName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Converts {@code strict} and {@code lenient} (any case) to a {@link KeyPolicy}. */
    static final class KeyPolicyConverter implements ITypeConverter<KeyPolicy> {
        @Override
        public KeyPolicy convert(String value) {
            try {
                return KeyPolicy.byName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
