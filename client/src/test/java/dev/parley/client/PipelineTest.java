package dev.parley.client;

import dev.parley.testkit.peer.ScriptedServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A deep pipeline fed from reply callbacks: order, the pipelining depth, and every call answered. */
class PipelineTest extends ClientTestSupport {

    private static final int DEPTH = 32;
    private static final int ROUNDS = 30;

    @Test
    void callbacksRefillADeepPipelineInOrderAndWithinItsDepth() throws Exception {
        List<String> violations = new CopyOnWriteArrayList<>();
        // Answers in whole batches of DEPTH lines, each reply echoing its request's argument. A client that kept
        // the depth can have sent nothing more while a batch waits for its answers.
        ScriptedServer p = peer(greeted().run("answer in batches", conn -> {
            StringBuilder replies = new StringBuilder();
            int unanswered = 0;
            String line;
            while ((line = conn.readLine()) != null) {
                replies.append("OK ").append(line.substring(line.indexOf(' ') + 1)).append('\n');
                if (++unanswered == DEPTH) {
                    if (conn.available() > 0) {
                        violations.add("more than " + DEPTH + " requests outstanding");
                    }
                    conn.send(replies.toString());
                    replies.setLength(0);
                    unanswered = 0;
                }
            }
        }).build());
        Session s = session(p.address(), fast().maxOutstanding(DEPTH).build());
        int total = DEPTH * ROUNDS;
        AtomicInteger issued = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        CompletableFuture<Void> done = new CompletableFuture<>();
        // More senders than the depth, so requests wait while a read makes room for them.
        for (int i = 0; i < DEPTH + DEPTH / 2; i++) {
            sendNext(s, issued, answered, total, violations, done);
        }
        done.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(), violations);
        assertEquals(total, answered.get());
        assertTrue(s.isConnected());
    }

    private static void sendNext(Session s, AtomicInteger issued, AtomicInteger answered, int total,
                                 List<String> violations, CompletableFuture<Void> done) {
        int n = issued.getAndIncrement();
        if (n >= total) {
            return;
        }
        s.send(Request.query("echo", Integer.toString(n))).whenComplete((reply, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
                return;
            }
            if (!reply.arg(0).equals(Integer.toString(n))) {
                violations.add("request " + n + " got " + reply);
            }
            if (answered.incrementAndGet() == total) {
                done.complete(null);
            }
            sendNext(s, issued, answered, total, violations, done);
        });
    }
}
