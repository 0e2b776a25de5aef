package dev.parley.client;

import dev.parley.testkit.peer.ScriptedServer;
import dev.parley.codec.text.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Peers that fail requests in every way a flaky device can: each call ends in time and is retried only if safe. */
class RequestFailureTest extends ClientTestSupport {

    @Test
    void halfALineThenStallEndsWithTimeout() throws Exception {
        ScriptedServer p = peer(greeted().readLine().sendHalfLine("OK po").drainUntilEof().build());
        Session s = session(p.address(), fast().build());
        Duration deadline = Duration.ofMillis(400);
        long start = System.nanoTime();
        DeadlineExceededException e = failure(s.send(Request.query("ping").withTimeout(deadline)),
                DeadlineExceededException.class, start, deadline);
        assertEquals(Progress.UNKNOWN, e.progress());
    }

    @Test
    void connectionClosedAfterReadingAQueryIsRetriedAndSucceeds() throws Exception {
        ScriptedServer p = peer(greeted().readLine().reset().build(),
                greeted().readLine().send("OK a b\n").drainUntilEof().build());
        Session s = session(p.address(), fast().build());
        Duration deadline = Duration.ofSeconds(2);
        long start = System.nanoTime();
        Reply r = success(s.send(Request.query("ls", "/tmp")), start, deadline);
        assertEquals(List.of("a", "b"), r.args());
        assertEquals(2, count(p, "ls /tmp"));
    }

    @Test
    void connectionClosedAfterReadingAnActionIsNotRetriedAndRanAtMostOnce() throws Exception {
        AtomicInteger executed = new AtomicInteger();
        ScriptedServer p = peer(greeted().run("answer OK, close on rm", conn -> {
            String line;
            while ((line = conn.readLine()) != null) {
                if (line.startsWith("rm")) {
                    executed.incrementAndGet();
                    conn.close();
                    return;
                }
                conn.send("OK\n");
            }
        }).build());
        Session s = session(p.address(), fast().build());
        Duration deadline = Duration.ofSeconds(1);
        long start = System.nanoTime();
        ConnectionLostException e = failure(s.send(Request.action("rm", "/tmp/x")), ConnectionLostException.class,
                start, deadline);
        assertEquals(Progress.UNKNOWN, e.progress());
        assertEquals(ParleyClientException.CONNECTION_LOST, e.code());
        // The session reconnects; a query afterwards proves the new connection works and carries no second rm.
        assertTrue(s.send(Request.query("ping")).get(2, TimeUnit.SECONDS).isOk());
        assertEquals(1, executed.get());
        assertEquals(1, count(p, "rm"));
    }

    @Test
    void idempotentActionIsRetriedAfterAnUnknownOutcome() throws Exception {
        ScriptedServer p = peer(greeted().readLine().close().build(),
                greeted().readLine().send("OK\n").drainUntilEof().build());
        Session s = session(p.address(), fast().build());
        long start = System.nanoTime();
        assertTrue(success(s.send(Request.idempotentAction("mkdir", "/tmp/d")), start, Duration.ofSeconds(2)).isOk());
        assertEquals(2, count(p, "mkdir"));
    }

    @Test
    void busyIsRetriedAfterAPauseEvenForActions() throws Exception {
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        ScriptedServer p = peer(answering(line -> {
            arrivals.add(System.nanoTime());
            return arrivals.size() == 1 ? "ERR BUSY try later" : "OK done";
        }));
        List<Duration> pauses = new CopyOnWriteArrayList<>();
        List<Progress> progresses = new CopyOnWriteArrayList<>();
        Session s = session(p.address(), fast()
                .retries(r -> r.backoff(Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 2)))
                .listener(new SessionListener() {
                    @Override
                    public void onRetryScheduled(Request r, int attempt, Duration pause, ParleyClientException c) {
                        pauses.add(pause);
                        progresses.add(c.progress());
                    }
                }).build());
        long start = System.nanoTime();
        Reply r = success(s.send(Request.action("rm", "/x")), start, Duration.ofSeconds(2));
        assertEquals(List.of("done"), r.args());
        assertEquals(2, arrivals.size());
        assertEquals(1, pauses.size());
        assertEquals(List.of(Progress.REJECTED), progresses);
        assertEquals(1, p.connections());
        long gap = arrivals.get(1) - arrivals.get(0);
        assertTrue(gap >= Duration.ofMillis(50).toNanos(), "retry after a pause of at least 50 ms, was "
                + TimeUnit.NANOSECONDS.toMillis(gap));
    }

    @Test
    void notFoundIsTheAnswerAndIsNotRetried() throws Exception {
        ScriptedServer p = peer(answering(line -> "ERR NOT_FOUND no such file: /nope"));
        Session s = session(p.address(), fast().build());
        long start = System.nanoTime();
        RemoteErrorException e = failure(s.send(Request.query("stat", "/nope")), RemoteErrorException.class, start,
                Duration.ofSeconds(2));
        assertEquals(ErrorCode.NOT_FOUND, e.errorCode());
        assertEquals("NOT_FOUND", e.code());
        assertEquals(Progress.ANSWERED, e.progress());
        assertFalse(e.isTransient());
        assertEquals("no such file: /nope", e.remoteMessage());
        assertEquals(1, count(p, "stat"));
    }

    @Test
    void lateReplyAfterATimeoutIsNeverDeliveredToTheNextRequest() throws Exception {
        ScriptedServer p = peer(greeted().run("answer the slow request late", conn -> {
            String slow = conn.readLine();
            String next = conn.readLine();
            conn.send("OK late-for-" + slow.split(" ")[1] + "\n");
            conn.send("OK for-" + next.split(" ")[1] + "\n");
        }).drainUntilEof().build());
        Session s = session(p.address(), fast().build());
        Duration deadline = Duration.ofMillis(300);
        long start = System.nanoTime();
        CompletableFuture<Reply> first = s.send(Request.query("get", "first").withTimeout(deadline));
        failure(first, DeadlineExceededException.class, start, deadline);
        Reply second = s.send(Request.query("get", "second")).get(2, TimeUnit.SECONDS);
        assertEquals(List.of("for-second"), second.args());
        assertEquals(1, p.connections(), "the late reply came within the stall limit: no reconnect");
    }

    @Test
    void aReplyThatNeverComesAfterATimeoutClosesTheStalledConnection() throws Exception {
        ScriptedServer p = peer(greeted().drainUntilEof().build(), answering(line -> "OK fresh"));
        Session s = session(p.address(), fast().timeouts(t -> t.stallLimit(Duration.ofMillis(200))).build());
        Duration deadline = Duration.ofMillis(200);
        long start = System.nanoTime();
        failure(s.send(Request.query("get", "a").withTimeout(deadline)), DeadlineExceededException.class, start,
                deadline);
        Reply r = s.send(Request.query("get", "b")).get(3, TimeUnit.SECONDS);
        assertEquals(List.of("fresh"), r.args());
        assertEquals(2, p.connections());
    }

    @Test
    void garbageFailsTheRequestWithAProtocolErrorAndTheSessionResyncs() throws Exception {
        ScriptedServer p = peer(answering(line -> "WHAT? " + line), answering(line -> "OK fine"));
        Session s = session(p.address(), fast().build());
        long start = System.nanoTime();
        ProtocolViolationException e = failure(s.send(Request.query("ls")), ProtocolViolationException.class, start,
                Duration.ofSeconds(2));
        assertEquals(ParleyClientException.PROTOCOL, e.code());
        assertEquals(List.of("fine"), s.send(Request.query("ls")).get(2, TimeUnit.SECONDS).args());
        assertEquals(2, p.connections());
    }

    @Test
    void afterAMalformedReplyNothingLaterInTheStreamAnswersTheNextRequest() throws Exception {
        ScriptedServer p = peer(
                // One write: a line that is no reply, then what would pass for the second request's reply.
                greeted().readLine().readLine().send("WHAT? no\nOK stolen\n").drainUntilEof().build(),
                answering(line -> "OK fine"));
        Session s = session(p.address(), fast().build());
        long start = System.nanoTime();
        java.util.concurrent.CompletableFuture<Reply> first = s.send(Request.query("ls", "a"));
        java.util.concurrent.CompletableFuture<Reply> second = s.send(Request.query("ls", "b"));
        failure(first, ProtocolViolationException.class, start, Duration.ofSeconds(2));
        assertEquals(List.of("fine"), second.get(3, TimeUnit.SECONDS).args(),
                "the second request is answered on a new connection, never by the bytes after the violation");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"{-1}", "{abc}", "{+5}", "{}",
            "{1234567890123456789}", "{999999999999999999}"})
    void replyWithAMalformedBodyCountIsAProtocolErrorAndNothingAfterItIsTakenAsAReply(String count) throws Exception {
        // On the first connection the bytes after the bad count would pass for the next request's reply.
        ScriptedServer p = peer(answering(line -> "OK " + count + "\nOK stolen"), answering(line -> "OK fine"));
        Session s = session(p.address(), fast().build());
        long start = System.nanoTime();
        ProtocolViolationException e = failure(s.send(Request.query("ls")), ProtocolViolationException.class, start,
                Duration.ofSeconds(2));
        assertEquals(ParleyClientException.PROTOCOL, e.code());
        String detail = String.valueOf(e.getMessage()) + " / " + e.getCause();
        assertTrue(detail.contains("block length: "), detail);
        assertEquals(List.of("fine"), s.send(Request.query("ls")).get(2, TimeUnit.SECONDS).args());
        assertEquals(2, p.connections());
    }

    @Test
    void byeFailsUnansweredQueriesIntoARetryOnANewConnection() throws Exception {
        ScriptedServer p = peer(greeted().readLine().send("BYE SHUTDOWN going down\n").build(),
                greeted().readLine().send("OK again\n").drainUntilEof().build());
        Session s = session(p.address(), fast().build());
        long start = System.nanoTime();
        assertEquals(List.of("again"), success(s.send(Request.query("ls")), start, Duration.ofSeconds(2)).args());
        assertEquals(2, p.connections());
    }

    @Test
    void blockingCallReturnsTheReplyAndThrowsTypedErrors() throws Exception {
        ScriptedServer p = peer(answering(line -> line.startsWith("ping") ? "OK pong" : "ERR DENIED no"));
        Session s = session(p.address(), fast().build());
        assertEquals("pong", s.call(Request.query("ping")).arg(0));
        RemoteErrorException e = org.junit.jupiter.api.Assertions.assertThrows(RemoteErrorException.class,
                () -> s.call(Request.action("rm", "/")));
        assertEquals("DENIED", e.code());
        assertNull(e.getCause());
    }
}
