package dev.parley.client;

import dev.parley.testkit.peer.ScriptedServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A server may say BYE at any time, also when nothing is outstanding: that is a goodbye, not a protocol error. */
class IdleGoodbyeTest extends ClientTestSupport {

    @Test
    void byeWhileIdleIsAGoodbyeAndTheNextCallReconnects() throws Exception {
        CountDownLatch byeSent = new CountDownLatch(1);
        ScriptedServer p = peer(
                greeted().readLine().send("OK pong\n").send("BYE SHUTDOWN the server is shutting down\n")
                        .run("note the goodbye", conn -> byeSent.countDown()).build(),
                greeted().readLine().send("OK pong\n").drainUntilEof().build());
        List<String> disconnects = new CopyOnWriteArrayList<>();
        CountDownLatch lost = new CountDownLatch(1);
        SessionListener listener = new SessionListener() {
            @Override
            public void onDisconnected(ParleyClientException cause) {
                disconnects.add(cause.code() + ": " + cause.getMessage());
                lost.countDown();
            }
        };
        Session s = session(p.address(), fast().listener(listener).build());
        long start = System.nanoTime();
        success(s.send(Request.query("ping")), start, Duration.ofSeconds(2));
        assertTrue(byeSent.await(5, TimeUnit.SECONDS));
        assertTrue(lost.await(5, TimeUnit.SECONDS), "the session notices the goodbye");
        assertEquals(1, disconnects.size(), disconnects.toString());
        assertTrue(disconnects.get(0).startsWith(ParleyClientException.CONNECTION_LOST), disconnects.toString());
        assertTrue(disconnects.get(0).contains("BYE SHUTDOWN"), disconnects.toString());
        assertFalse(disconnects.get(0).contains("protocol violation"), "a goodbye is not a violation: " + disconnects);

        long again = System.nanoTime();
        Reply r = success(s.send(Request.query("ping")), again, Duration.ofSeconds(2));
        assertEquals(List.of("pong"), r.args());
    }
}
