package dev.parley.client;

import dev.parley.testkit.peer.PeerAction;
import dev.parley.testkit.peer.ScriptedServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keepalive, the retry budget, the on-connect hook and fleets of sessions. */
class SessionLifecycleTest extends ClientTestSupport {

    @Test
    void retryBudgetStopsARetryStormAgainstAServerThatFailsEverything() throws Exception {
        ScriptedServer p = peer(answering(line -> "ERR BUSY overloaded"));
        Session s = session(p.address(), fast()
                .retries(r -> r.backoff(Backoff.fixed(Duration.ofMillis(2))).budget(RetryBudget.ratio(0.1, 1)))
                .build());
        int n = 50;
        List<CompletableFuture<Reply>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(s.send(Request.query("ls", "/" + i)));
        }
        for (CompletableFuture<Reply> f : calls) {
            RemoteErrorException e = failure(f, RemoteErrorException.class, System.nanoTime(), Duration.ofSeconds(2));
            assertEquals(Progress.REJECTED, e.progress());
        }
        long received = count(p, "ls");
        // Without the budget: 4 attempts each = 200. With it: 50 + 1 saved + 10% of 50 + about 1 per second.
        assertTrue(received >= n && received <= n + 10, "requests that reached the server: " + received);
    }

    @Test
    void onConnectHookReplaysAuthAndStateBeforeQueuedRequestsAfterAReconnect() throws Exception {
        List<List<String>> perConnection = new CopyOnWriteArrayList<>();
        ScriptedServer p = peer(greeted().run("answer, close on ls", recordAndAnswer(perConnection, true)).build(),
                greeted().run("answer", recordAndAnswer(perConnection, false)).build());
        Session s = session(p.address(), fast().authToken("s3cret")
                .onConnect(setup -> setup.send(Request.action("cd", "/work"))).build());
        assertTrue(s.send(Request.query("pwd")).get(2, TimeUnit.SECONDS).isOk());
        CompletableFuture<Reply> ls = s.send(Request.query("ls"));
        assertTrue(ls.get(2, TimeUnit.SECONDS).isOk());
        assertEquals(List.of("auth s3cret", "cd /work", "pwd", "ls"), perConnection.get(0));
        assertEquals(List.of("auth s3cret", "cd /work", "ls"), perConnection.get(1));
    }

    /** Records the lines of one connection in a list of its own and answers them; closes on ls if asked to. */
    private static PeerAction recordAndAnswer(List<List<String>> perConnection, boolean closeOnLs) {
        return conn -> {
            List<String> seen = new CopyOnWriteArrayList<>();
            perConnection.add(seen);
            String line;
            while ((line = conn.readLine()) != null) {
                seen.add(line);
                if (closeOnLs && line.startsWith("ls")) {
                    conn.close();
                    return;
                }
                conn.send(line.startsWith("pwd") ? "OK /work\n" : "OK\n");
            }
        };
    }

    @Test
    void failingSetupKeepsRequestsQueuedAndEndsThemWithSetupFailed() throws Exception {
        ScriptedServer p = peer(answering(line -> line.startsWith("auth") ? "ERR DENIED bad token" : "OK"));
        Session s = session(p.address(), fast().authToken("wrong").build());
        Duration deadline = Duration.ofMillis(400);
        long start = System.nanoTime();
        ConnectFailedException e = failure(s.send(Request.query("ls").withTimeout(deadline)),
                ConnectFailedException.class, start, deadline);
        assertEquals(ParleyClientException.SETUP_FAILED, e.code());
        assertTrue(e.getMessage().contains("DENIED"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong"), "the token never appears in errors: " + e.getMessage());
        assertEquals(0, count(p, "ls"));
    }

    @Test
    void fleetRunsOneRequestAcrossSessionsWithBoundedConcurrencyAndPerTargetResults() throws Exception {
        ScriptedServer up = peer(answering(line -> "OK up"));
        int down = unusedPort();
        Map<String, Session> fleet = new java.util.LinkedHashMap<>();
        ClientOptions o = fast().timeouts(t -> t.requestTimeout(Duration.ofMillis(300))).build();
        for (int i = 0; i < 4; i++) {
            fleet.put("up" + i, session(up.address(), o));
        }
        fleet.put("down", session(new InetSocketAddress(InetAddress.getLoopbackAddress(), down), o));
        Map<String, Fleet.Result> results = Fleet.callAll(fleet, Request.query("uptime"), 2).get(3, TimeUnit.SECONDS);
        assertEquals(List.of("up0", "up1", "up2", "up3", "down"), new ArrayList<>(results.keySet()));
        for (int i = 0; i < 4; i++) {
            assertTrue(results.get("up" + i).isOk());
            assertEquals("up", results.get("up" + i).reply().arg(0));
        }
        assertFalse(results.get("down").isOk());
        assertNotNull(results.get("down").error());
        assertEquals(ParleyClientException.CONNECT_REFUSED, results.get("down").error().code());
    }

    @Test
    void closingTheSessionFailsQueuedRequestsWithClosed() throws Exception {
        int port = unusedPort();
        Session s = client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), fast().build());
        CompletableFuture<Reply> f = s.send(Request.query("ls"));
        s.close();
        long start = System.nanoTime();
        SessionClosedException e = failure(f, SessionClosedException.class, start, Duration.ofMillis(200));
        assertEquals(Progress.NOT_SENT, e.progress());
        assertTrue(s.send(Request.query("ls")).isCompletedExceptionally());
    }
}
