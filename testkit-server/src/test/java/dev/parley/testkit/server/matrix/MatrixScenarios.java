package dev.parley.testkit.server.matrix;

import dev.parley.client.ConnectFailedException;
import dev.parley.client.ConnectionLostException;
import dev.parley.client.DeadlineExceededException;
import dev.parley.client.Progress;
import dev.parley.client.Reply;
import dev.parley.client.Request.Kind;
import dev.parley.testkit.proxy.Direction;
import dev.parley.testkit.proxy.Fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The rows of {@link ClientFaultMatrixTest}: each proxy fault (or a pair that only makes sense together), the calls
 * made under it (deadline, limit per attempt, the server's work) and what it calls for, per kind of request: the
 * outcomes allowed, their progress, and how often each request may run on the server.
 */
final class MatrixScenarios {

    private MatrixScenarios() {
    }

    /** What a fault calls for, for one kind of request. */
    static final class Expect {
        final Set<Class<?>> outcomes;
        final Progress progress;
        final int minRuns;
        final int maxRuns;
        final boolean someRetried;

        Expect(Set<Class<?>> outcomes, Progress progress, int minRuns, int maxRuns, boolean someRetried) {
            this.outcomes = outcomes;
            this.progress = progress;
            this.minRuns = minRuns;
            this.maxRuns = maxRuns;
            this.someRetried = someRetried;
        }

        static Expect replied() {
            return new Expect(Set.of(Reply.class), null, 1, 1, false);
        }

        static Expect failed(Progress progress, int minRuns, int maxRuns, Class<?>... types) {
            return new Expect(Set.of(types), progress, minRuns, maxRuns, false);
        }

        /** At least one of the calls ran more than once: the client retried it. */
        Expect retried() {
            return new Expect(outcomes, progress, minRuns, maxRuns, true);
        }
    }

    /** A fault (or a few) and how the calls made under it behave. */
    abstract static class Scenario {
        final String name;
        Duration deadline = Duration.ofMillis(800);
        Duration attemptTimeout;
        Duration work = Duration.ZERO;
        Duration removeAfter;
        /** The least time every call must take: the fault is in the path. */
        Duration minElapsed = Duration.ZERO;
        boolean dropConnection;

        Scenario(String name) {
            this.name = name;
        }

        abstract List<Fault> faults();

        abstract Expect expect(Kind kind);

        @Override
        public String toString() {
            return name;
        }
    }

    static Scenario scenario(String name, Supplier<List<Fault>> faults,
                             Function<Kind, Expect> expect,
                             Consumer<Scenario> tune) {
        Scenario s = new Scenario(name) {
            @Override
            List<Fault> faults() {
                return faults.get();
            }

            @Override
            Expect expect(Kind kind) {
                return expect.apply(kind);
            }
        };
        tune.accept(s);
        return s;
    }

    static boolean idempotent(Kind kind) {
        return kind.isIdempotent();
    }

    static List<Scenario> all() {
        int max = ClientFaultMatrixTest.POLICY.maxAttempts();
        List<Scenario> all = new ArrayList<>();
        all.add(scenario("latency under the deadline",
                () -> List.of(Fault.latency(Duration.ofMillis(100), Duration.ofMillis(30)).direction(Direction.BOTH)),
                kind -> Expect.replied(), s -> {
                    s.deadline = Duration.ofMillis(900);
                    s.minElapsed = Duration.ofMillis(2 * (100 - 30));
                }));
        all.add(scenario("latency over the deadline",
                () -> List.of(Fault.latency(Duration.ofMillis(1500), Duration.ZERO)),
                kind -> Expect.failed(Progress.UNKNOWN, 1, 1, DeadlineExceededException.class),
                s -> s.deadline = Duration.ofMillis(400)));
        all.add(scenario("slicer",
                () -> List.of(Fault.slicer(3, 2, Duration.ofMillis(2)).direction(Direction.BOTH)),
                kind -> Expect.replied(), s -> { }));
        all.add(scenario("stall down",
                () -> List.of(Fault.stall()),
                kind -> idempotent(kind)
                        ? Expect.failed(Progress.UNKNOWN, 1, max, DeadlineExceededException.class,
                                ConnectionLostException.class).retried()
                        : Expect.failed(Progress.UNKNOWN, 1, 1, DeadlineExceededException.class),
                s -> {
                    s.deadline = Duration.ofMillis(700);
                    s.attemptTimeout = Duration.ofMillis(200);
                }));
        all.add(scenario("stall up",
                () -> List.of(Fault.stall().direction(Direction.UP)),
                kind -> Expect.failed(Progress.UNKNOWN, 0, idempotent(kind) ? max : 1,
                        DeadlineExceededException.class, ConnectionLostException.class),
                s -> {
                    s.deadline = Duration.ofMillis(700);
                    s.attemptTimeout = Duration.ofMillis(200);
                }));
        all.add(scenario("reset while the server works",
                () -> List.of(Fault.reset(Duration.ofMillis(100))),
                kind -> idempotent(kind)
                        ? Expect.failed(Progress.UNKNOWN, 1, max, ConnectionLostException.class,
                                DeadlineExceededException.class).retried()
                        : Expect.failed(Progress.UNKNOWN, 1, 1, ConnectionLostException.class),
                s -> s.work = Duration.ofMillis(400)));
        all.add(scenario("limit_data mid-reply",
                () -> List.of(Fault.limitData(40)),
                kind -> new Expect(Set.of(Reply.class, ConnectionLostException.class,
                        DeadlineExceededException.class, ConnectFailedException.class), null, 0,
                        idempotent(kind) ? max : 1, false),
                s -> s.deadline = Duration.ofMillis(600)));
        all.add(scenario("slow_close of a reset upstream",
                () -> List.of(Fault.slowClose(Duration.ofMillis(300)),
                        Fault.reset(Duration.ofMillis(100)).direction(Direction.UP)),
                kind -> idempotent(kind)
                        ? Expect.failed(Progress.UNKNOWN, 1, max, ConnectionLostException.class,
                                DeadlineExceededException.class)
                        : Expect.failed(Progress.UNKNOWN, 1, 1, ConnectionLostException.class),
                s -> {
                    s.work = Duration.ofMillis(300);
                    s.deadline = Duration.ofMillis(900);
                }));
        all.add(scenario("down, then up again",
                () -> List.of(Fault.down()),
                kind -> Expect.replied(),
                s -> {
                    s.dropConnection = true;
                    s.removeAfter = Duration.ofMillis(250);
                    s.deadline = Duration.ofMillis(1200);
                }));
        all.add(scenario("down past the deadline",
                () -> List.of(Fault.down()),
                // ConnectFailed once a connection attempt failed; a call that expires before the first one has
                // failed says DeadlineExceeded. Either way: not sent, never ran.
                kind -> Expect.failed(Progress.NOT_SENT, 0, 0, ConnectFailedException.class,
                        DeadlineExceededException.class),
                s -> {
                    s.dropConnection = true;
                    s.deadline = Duration.ofMillis(400);
                }));
        all.add(scenario("bandwidth",
                () -> List.of(Fault.bandwidth(300)),
                kind -> Expect.replied(), s -> s.deadline = Duration.ofMillis(1200)));
        return all;
    }
}
