package dev.parley.cli;

import dev.parley.server.Greeting;
import dev.parley.server.ParleyServer;
import dev.parley.server.RunningServer;
import dev.parley.testkit.proxy.Direction;
import dev.parley.testkit.proxy.Fault;
import dev.parley.testkit.proxy.FaultProxy;
import dev.parley.testkit.proxy.ProxyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * {@code parley proxy}: a fault-injecting TCP proxy in front of any server, with faults from flags and a control
 * port where {@code parley call} adds and removes them while it runs. Runs until SIGINT or SIGTERM.
 */
@Command(name = "proxy", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Forward TCP connections to an upstream server, injecting faults (latency, bandwidth, slicer,"
                + " stall, reset, slow close, data limit, refused connections).",
                "Prints where it listens on stderr; stops on Ctrl-C (SIGINT) or SIGTERM. With --control, faults are"
                        + " switched while it runs: parley call 127.0.0.1:CTRL add latency down 200ms (also remove"
                        + " NAME|KIND, list, clear). Fault grammar: docs/TESTKIT.md."})
final class ProxyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Verbosity verbosity;

    @Option(names = "--listen", paramLabel = "PORT", required = true,
            description = "Port to listen on; 0 picks a free one.")
    int listen;

    @Option(names = "--upstream", paramLabel = "HOST:PORT", required = true,
            description = "The server connections are forwarded to.")
    String upstream;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = ProxyOptions.DEFAULT_BIND_ADDRESS,
            description = "Address to listen on (the proxy and its control port). Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--latency", paramLabel = "DUR", converter = DurationConverter.class,
            description = "Delay data by this much (e.g. 200ms).")
    Duration latency;

    @Option(names = "--jitter", paramLabel = "DUR", converter = DurationConverter.class,
            description = "With --latency: vary the delay by up to this much either way.")
    Duration jitter;

    @Option(names = "--bandwidth", paramLabel = "RATE", converter = SizeConverter.class,
            description = "Limit throughput to RATE bytes per second (e.g. 10k, 1m).")
    Long bandwidth;

    @Option(names = "--slicer", paramLabel = "BYTES", converter = SizeConverter.class,
            description = "Cut data into pieces of this many bytes, 10 ms apart.")
    Long slicer;

    @Option(names = "--stall", description = "Hold all data: connections stay open and silent (half-open).")
    boolean stall;

    @Option(names = "--reset-after", paramLabel = "DUR", converter = DurationConverter.class,
            description = "Reset every connection (TCP RST) this long after it opens.")
    Duration resetAfter;

    @Option(names = "--limit-data", paramLabel = "BYTES", converter = SizeConverter.class,
            description = "Close a connection once this many bytes went through.")
    Long limitData;

    @Option(names = "--direction", paramLabel = "up|down|both", defaultValue = "down",
            description = "Which way the flag faults act: up (client to upstream), down (back to the client) or "
                    + "both. Default: ${DEFAULT-VALUE}.")
    String direction;

    @Option(names = "--fault", paramLabel = "SPEC",
            description = "Any fault in its text form, e.g. --fault 'slow_close up 1s p=0.5'. Repeatable.")
    List<String> faultSpecs = List.of();

    @Option(names = "--control", paramLabel = "PORT",
            description = "Serve the control port (Parley text protocol) on this port; 0 picks a free one.")
    Integer control;

    @Option(names = "--seed", paramLabel = "N", description = "Seed the randomness (probability, jitter), "
            + "for repeatable runs.")
    Long seed;

    @Override
    public Integer call() throws Exception {
        verbosity.apply();
        List<Fault> faults = faults();
        HostPort target = HostPort.parse(upstream, -1);
        if (target.port() < 1) {
            throw new ParameterException(spec.commandLine(), "--upstream " + upstream + ": missing port"
                    + " (expected HOST:PORT)");
        }
        ProxyOptions.Builder b = FaultProxy.builder().upstream(new InetSocketAddress(target.host(), target.port()))
                .bindAddress(bind).listenPort(listen);
        faults.forEach(b::fault);
        if (seed != null) {
            b.random(new Random(seed));
        }
        PrintWriter err = spec.commandLine().getErr();
        FaultProxy proxy;
        try {
            proxy = b.build().start();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (UncheckedIOException | IllegalStateException e) {
            err.println("parley: " + e.getMessage());
            err.flush();
            return ExitStatus.UNAVAILABLE;
        }
        RunningServer controlServer = null;
        if (control != null) {
            try {
                controlServer = ParleyServer.builder().server(s -> s.bindAddress(bind).port(control))
                        .greeting(Greeting.parley("proxy")).router(ProxyControl.router(proxy)).build().start();
            } catch (UncheckedIOException e) {
                proxy.close();
                err.println("parley: control port: cannot listen on " + bind + ":" + control + ": "
                        + e.getMessage());
                err.flush();
                return ExitStatus.UNAVAILABLE;
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        RunningServer ctl = controlServer;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (ctl != null) {
                    ctl.close();
                }
                proxy.close();
                System.err.println("stopped");
            } finally {
                stopped.countDown();
            }
        }, "parley-proxy-shutdown"));
        err.println("listening on " + display(proxy.address()) + ", forwarding to " + target.host() + ":"
                + target.port() + (ctl == null ? "" : "; control on " + display(ctl.localAddress()))
                + "; faults: " + (faults.isEmpty() ? "none"
                        : faults.stream().map(Fault::toString).collect(Collectors.joining(", "))));
        err.flush();
        stopped.await();
        return ExitStatus.OK;
    }

    private List<Fault> faults() {
        Direction dir;
        try {
            dir = Direction.parse(direction);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--direction: " + e.getMessage());
        }
        if (jitter != null && latency == null) {
            throw new ParameterException(spec.commandLine(), "--jitter only makes sense with --latency");
        }
        List<Fault> faults = new ArrayList<>();
        try {
            if (latency != null) {
                faults.add(Fault.latency(latency, jitter == null ? Duration.ZERO : jitter).direction(dir));
            }
            if (bandwidth != null) {
                faults.add(Fault.bandwidth(bandwidth).direction(dir));
            }
            if (slicer != null) {
                faults.add(Fault.slicer(Math.toIntExact(slicer), 0, Duration.ofMillis(10)).direction(dir));
            }
            if (stall) {
                faults.add(Fault.stall().direction(dir));
            }
            if (resetAfter != null) {
                faults.add(Fault.reset(resetAfter).direction(dir));
            }
            if (limitData != null) {
                faults.add(Fault.limitData(limitData).direction(dir));
            }
            for (String s : faultSpecs) {
                faults.add(Fault.parse(s));
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return faults;
    }

    private static String display(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
