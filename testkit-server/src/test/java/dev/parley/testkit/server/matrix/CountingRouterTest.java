package dev.parley.testkit.server.matrix;

import dev.parley.client.Body;
import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.Reply;
import dev.parley.client.Request.Kind;
import dev.parley.client.RetryPolicy;
import dev.parley.client.Session;
import dev.parley.client.SessionClosedException;
import dev.parley.server.ParleyServer;
import dev.parley.server.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The counting commands over a socket: each kind runs, is counted under its id and answers with that id. */
class CountingRouterTest {

    private final ExecutionCounter counter = new ExecutionCounter();
    private RunningServer server;
    private ParleyClient client;
    private Session session;

    @BeforeEach
    void start() throws Exception {
        server = ParleyServer.builder().router(CountingRouter.router(counter)).build().start();
        client = ParleyClient.create(1);
        session = client.connect(server.localAddress(), ClientOptions.defaults());
    }

    @AfterEach
    void stop() throws Exception {
        try {
            client.close();
        } finally {
            server.shutdownGracefully(Duration.ofSeconds(2));
        }
    }

    private static Reply get(CompletableFuture<Reply> f) throws Exception {
        return f.get(5, TimeUnit.SECONDS);
    }

    @Test
    void everyKindIsCountedUnderItsIdAndEchoesIt() throws Exception {
        CallRecorder recorder = new CallRecorder("t");
        for (Kind kind : Kind.values()) {
            Reply r = get(recorder.send(session, kind, Duration.ofSeconds(5)));
            String id = CountingRouter.echoedId(r);
            assertTrue(id.startsWith("t-" + kind.label() + '-'), id);
            assertEquals(List.of(id, "1"), r.args());
            assertEquals(1, counter.count(id));
        }
        assertEquals(3, counter.total());
        FaultMatrix.Report report = FaultMatrix.reconcile(recorder.records(), counter.snapshot(),
                Duration.ofMillis(300), RetryPolicy.idempotentOnly());
        assertEquals(List.of(), report.violations(), report.text());
        assertEquals(Map.of("action reply", 1, "idempotent-action reply", 1, "query reply", 1), report.outcomes());
    }

    @Test
    void aRequestWithABodyIsAcceptedAndCountedLikeAnyOther() throws Exception {
        Reply r = get(session.send(CountingRouter.request(Kind.IDEMPOTENT_ACTION, "with-body")
                .withBody(Body.of(new byte[CountingRouter.MAX_BODY]))));
        assertEquals(List.of("with-body", "1"), r.args());
        assertEquals(1, counter.count("with-body"));
    }

    @Test
    void theServerCountsEveryExecutionItDoesNotDeduplicate() throws Exception {
        get(session.send(CountingRouter.request(Kind.ACTION, "same")));
        Reply second = get(session.send(CountingRouter.request(Kind.ACTION, "same")));
        assertEquals(List.of("same", "2"), second.args());
        assertEquals(2, counter.count("same"));
    }

    @Test
    void workDelaysTheReplyButTheExecutionIsCountedAtOnce() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<Reply> f = session.send(CountingRouter.request(Kind.QUERY, "slow", Duration.ofMillis(200)));
        dev.parley.testkit.Await.until(Duration.ofSeconds(5), "the query counted", () -> counter.count("slow") == 1);
        assertEquals(List.of("slow", "1"), get(f).args());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(200).toNanos(), "answered before the work ended");
    }

    @Test
    void aCallStillRunningIsRecordedUnfinishedAndItsFailureIsRecordedTyped() throws Exception {
        CallRecorder recorder = new CallRecorder("u");
        CompletableFuture<Reply> f = recorder.send(session, CountingRouter.request(Kind.QUERY, "u-1",
                Duration.ofSeconds(10)).withTimeout(Duration.ofSeconds(20)));
        dev.parley.testkit.Await.until(Duration.ofSeconds(5), "the query counted", () -> counter.count("u-1") == 1);
        assertEquals(CallRecord.Outcome.UNFINISHED, recorder.records().get(0).outcome());
        assertEquals(1, recorder.running());
        session.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
        assertInstanceOf(SessionClosedException.class, e.getCause());
        dev.parley.testkit.Await.until(Duration.ofSeconds(5), "the failure recorded", () -> recorder.running() == 0);
        CallRecord r = recorder.records().get(0);
        assertEquals(CallRecord.Outcome.MAYBE_RUN, r.outcome(), r::toString);
        assertEquals("SessionClosedException/CLOSED", r.outcomeName());
    }

    @Test
    void aRequestWithoutItsOwnDeadlineIsRefusedByTheRecorder() {
        CallRecorder recorder = new CallRecorder("v");
        assertThrows(IllegalArgumentException.class,
                () -> recorder.send(session, CountingRouter.request(Kind.QUERY, "v-1")));
    }
}
