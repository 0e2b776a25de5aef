package dev.parley.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code parley bench}: a closed-loop load generator for any server that answers one line per request line (the
 * Parley text protocol, memcached's text protocol, redis inline commands). Prints ops/s, latency percentiles and
 * failures, or one JSON object with {@code --json}.
 */
@Command(name = "bench", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Load a line-oriented server: N connections, each keeping D requests outstanding (pipelined), "
                + "for a duration after a warm-up. Each reply line answers the oldest outstanding request.",
                "Closed loop: the next request goes out when a reply comes in, and a request's latency runs from "
                        + "when it was written to when its reply line was read (no correction for coordinated "
                        + "omission).",
                "Exit status: 0 no failures; 75 a connection was closed or a request timed out; 1 (otherwise) "
                        + "some replies did not start with --expect; 75 no reply came; 69 cannot connect; "
                        + "64 bad arguments."})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Verbosity verbosity;

    @Parameters(index = "0", paramLabel = "HOST[:PORT]", description = "The server; port 7777 when none is given.")
    String target;

    @Option(names = {"-c", "--connections"}, paramLabel = "N", defaultValue = "1",
            description = "Connections. Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = {"-d", "--depth"}, paramLabel = "D", defaultValue = "1",
            description = "Requests each connection keeps outstanding. Default: ${DEFAULT-VALUE}.")
    int depth;

    @Option(names = "--duration", paramLabel = "DUR", converter = DurationConverter.class, defaultValue = "5s",
            description = "Measured interval, after the warm-up. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "DUR", converter = DurationConverter.class, defaultValue = "1s",
            description = "Load before measuring, not counted (failures are). Default: ${DEFAULT-VALUE}.")
    Duration warmup;

    @Option(names = "--verb", paramLabel = "LINE", defaultValue = "ping",
            description = "The request line, sent as it is (e.g. 'get k', PING, version). Default: ${DEFAULT-VALUE}.")
    String verb;

    @Option(names = "--crlf", description = "End request lines with CR LF instead of LF.")
    boolean crlf;

    @Option(names = "--expect", paramLabel = "PREFIX",
            description = "A reply counts only if its line starts with PREFIX (e.g. 'OK', END, +PONG); other lines "
                    + "are failures ('unexpected'). Default: any line.")
    String expect;

    @Option(names = "--greeting", paramLabel = "auto|none", defaultValue = "auto",
            description = {"auto: a first line starting with 'HELLO ' (the Parley text protocol's greeting) is "
                    + "skipped, any other first line is a reply. none: every line is a reply. "
                    + "Default: ${DEFAULT-VALUE}."})
    String greeting;

    @Option(names = "--timeout", paramLabel = "DUR", converter = DurationConverter.class, defaultValue = "5s",
            description = "Longest wait for a connect or a reply; a connection whose oldest request waits longer "
                    + "is closed and its outstanding requests count as timeouts. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--threads", paramLabel = "N", description = "Event loop threads. Default: one per core.")
    Integer threads;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        verbosity.apply();
        BenchPlan plan = plan();
        HostPort hp = HostPort.parse(target, Main.DEFAULT_AGENT_PORT);
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByName(hp.host()), hp.port());
        } catch (UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "unknown host '" + hp.host() + "'");
        }
        BenchResult result;
        try {
            result = BenchLoad.run(plan, address);
        } catch (ConnectException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("parley: " + e.getMessage());
            err.flush();
            return ExitStatus.UNAVAILABLE;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(result.toJson());
            out.flush();
        } else {
            result.print(out);
        }
        return result.exitStatus();
    }

    private BenchPlan plan() {
        check(connections >= 1 && connections <= 100_000, "--connections: " + connections + " (expected: 1-100000)");
        check(depth >= 1 && depth <= 65_536, "--depth: " + depth + " (expected: 1-65536)");
        check(!duration.isNegative() && !duration.isZero(), "--duration: " + duration + " (expected: > 0)");
        check(!warmup.isNegative(), "--warmup: " + warmup + " (expected: >= 0)");
        check(!timeout.isNegative() && !timeout.isZero(), "--timeout: " + timeout + " (expected: > 0)");
        check(!verb.isEmpty() && verb.indexOf('\n') < 0 && verb.indexOf('\r') < 0,
                "--verb: expected one non-empty line");
        check(expect == null || !expect.isEmpty(), "--expect: expected a non-empty prefix");
        check(greeting.equals("auto") || greeting.equals("none"), "--greeting: '" + greeting
                + "' (expected: auto or none)");
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        check(n >= 1 && n <= 1024, "--threads: " + n + " (expected: 1-1024)");
        return new BenchPlan(verb, crlf, connections, depth, warmup, duration, timeout, expect,
                greeting.equals("auto"), n);
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
