package dev.parley.bench.abuse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An abuse run against one automation agent ({@code parley agent} in its own JVM, on 127.0.0.1): slowloris
 * connections, a connection flood over {@code --max-connections}, never-reading clients pipelining {@code pull} of a
 * big file, {@code ls} of a big directory and unauthenticated {@code help}, one 64 MiB line and random garbage, all
 * at once, while one well-behaved authenticated client calls {@code ping}, {@code stat} and a small {@code pull} and
 * records its latency. Prints one plain-text report (what the agent answered each attack, the good client's
 * percentiles, the agent's peak memory and descriptors) with PASS/FAIL per bound; exits 0 if every bound held, 1
 * if not, 2 on bad arguments. Every loop is bounded by the run's duration; only loopback is used. Not a test: run
 * it by hand, see {@code docs/BENCHMARKS.md}. Arguments: {@code --name value} pairs, see {@link AbuseOptions};
 * a first argument {@code --small} starts from the few-second settings of the build's test instead of the defaults.
 */
public final class AbuseRun {

    /** Size of {@code /small.txt}, which the good client pulls. */
    static final int SMALL_FILE_BYTES = 1024;
    private static final long JOIN_GRACE_MILLIS = 30_000;

    private AbuseRun() {
    }

    /**
     * Runs the attacks and prints the report.
     *
     * @param args {@code --name value} pairs
     * @throws Exception if the agent cannot be started
     */
    public static void main(String[] args) throws Exception {
        AbuseOptions o;
        try {
            boolean small = args.length > 0 && args[0].equals("--small");
            o = (small ? AbuseOptions.small() : new AbuseOptions())
                    .parse(small ? java.util.Arrays.copyOfRange(args, 1, args.length) : args);
        } catch (IllegalArgumentException e) {
            System.err.println("AbuseRun: " + e.getMessage());
            System.exit(2);
            return;
        }
        AbuseReport report = run(o);
        System.out.print(report.text());
        System.out.flush();
        System.exit(report.pass() ? 0 : 1);
    }

    /**
     * Runs the attacks against a fresh agent over a temporary root, which is deleted afterwards.
     *
     * @param o what to do
     * @return the figures and the bounds
     * @throws Exception if the agent cannot be started or the files cannot be made
     */
    static AbuseReport run(AbuseOptions o) throws Exception {
        Path dir = Files.createTempDirectory("parley-abuse-");
        try {
            Path root = Files.createDirectories(dir.resolve("root")).toRealPath();
            prepare(root, o);
            String token = "abuse-" + Long.toHexString(new Random(o.seed).nextLong());
            Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");
            long started = System.nanoTime();
            Path output = o.agentLog != null ? o.agentLog : dir.resolve("agent.log");
            try (AgentProcess agent = AgentProcess.start(root, tokenFile, output, o)) {
                AbuseReport report = new AbuseReport(o, agent.pid());
                report.startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                return attack(agent, token, o, report);
            }
        } finally {
            delete(dir);
        }
    }

    private static AbuseReport attack(AgentProcess agent, String token, AbuseOptions o, AbuseReport report)
            throws Exception {
        report.baseline = agent.sample();
        try (GoodClient good = new GoodClient(agent.address(), token, o.goodPause);
                ProcWatch watch = new ProcWatch(agent)) {
            good.warmUp();
            long start = System.nanoTime();
            long deadline = start + o.duration.toNanos();
            good.until(deadline);
            List<Attack> attacks = attacks(agent, token, deadline, o);
            List<Thread> threads = new ArrayList<>();
            for (Attack a : attacks) {
                if (a instanceof Flood) {
                    // the flood comes last, over connections that are already in place
                    Attack.pause(Math.min(1_000, o.duration.toMillis() / 5));
                }
                threads.add(start(a, "abuse-" + a.name.replace(' ', '-')));
                if (a instanceof NeverReaders || a instanceof Slowloris) {
                    // let this population connect before the next one competes with it for the agent's slots
                    Attack.pause(200);
                }
            }
            threads.add(start(good, "abuse-good-client"));
            for (Thread t : threads) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + JOIN_GRACE_MILLIS);
                if (t.isAlive()) {
                    report.stragglers.add(t.getName());
                }
            }
            report.elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            report.duringAttack = watch.last();
            report.settle(agent, o.settle.toMillis());
            report.finalPing = good.finalPing();
            report.attacks = attacks;
            report.good = good;
            report.peakFds = watch.peakFds();
            report.peakRootFiles = watch.peakRootFiles();
            report.peakThreads = watch.peakThreads();
            report.peakRssKiB = Math.max(watch.peakRssKiB(), agent.sample().hwmKiB());
            report.aliveAtEnd = agent.alive();
        }
        long stopping = System.nanoTime();
        report.exitStatus = agent.stop();
        report.stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
        report.log = agent.log;
        report.logExamples = agent.examples;
        report.logBytes = agent.logBytes;
        return report;
    }

    private static List<Attack> attacks(AgentProcess agent, String token, long deadline, AbuseOptions o) {
        List<Attack> a = new ArrayList<>();
        a.add(new NeverReaders("never-reading pull", agent.address(), deadline, token, "pull /big.bin", 1, o.pulls,
                o.neverReaderReceiveBuffer));
        a.add(new NeverReaders("never-reading ls", agent.address(), deadline, token, "ls /many", o.lsClients,
                o.lsRequests, o.neverReaderReceiveBuffer));
        a.add(new NeverReaders("unauthenticated help", agent.address(), deadline, null, "help", o.helpClients,
                o.helpRequests, o.neverReaderReceiveBuffer));
        a.add(new Slowloris(agent.address(), deadline, o.slowloris, o.slowlorisEvery.toNanos()));
        a.add(new LongLine(agent.address(), deadline, (long) o.longLineMiB << 20));
        a.add(new Garbage(agent.address(), deadline, o.garbage, o.garbageBytes, o.seed));
        a.add(new Flood(agent.address(), deadline, o.flood, o.floodEvery.toNanos()));
        return a;
    }

    private static Thread start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** {@code /big.bin} (seeded random bytes), {@code /small.txt} and {@code /many} with its entries. */
    private static void prepare(Path root, AbuseOptions o) throws IOException {
        Random random = new Random(o.seed);
        byte[] mib = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(root.resolve("big.bin"))) {
            for (int i = 0; i < o.bigFileMiB; i++) {
                random.nextBytes(mib);
                out.write(mib);
            }
        }
        byte[] small = new byte[SMALL_FILE_BYTES];
        random.nextBytes(small);
        Files.write(root.resolve("small.txt"), small);
        Path many = Files.createDirectories(root.resolve("many"));
        for (int i = 0; i < o.lsEntries; i++) {
            Files.write(many.resolve(String.format("entry-%05d.txt", i)),
                    Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
