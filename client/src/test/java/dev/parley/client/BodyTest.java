package dev.parley.client;

import dev.parley.testkit.peer.PeerAction;
import dev.parley.testkit.peer.ScriptedServer;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Request bodies from bytes and files, aggregated and streamed reply bodies, progress. */
class BodyTest extends ClientTestSupport {

    @Test
    void smallReplyBodyIsAggregated() throws Exception {
        ScriptedServer p = peer(answering(line -> "OK 5 {5}\nhello"));
        Session s = session(p.address(), fast().build());
        Reply r = s.send(Request.query("cat", "/f")).get(2, TimeUnit.SECONDS);
        assertEquals("hello", r.bodyAsString());
        assertEquals(List.of("5"), r.args());
    }

    @Test
    void replyBodyOverTheMaximumFailsWithBodyTooLargeAndTheStreamStaysUsable() throws Exception {
        ScriptedServer p = peer(answering(line -> line.startsWith("cat") ? "OK {10}\n0123456789" : "OK"));
        Session s = session(p.address(), fast().maxAggregatedBody(4).build());
        ParleyClientException e = failure(s.send(Request.query("cat")), ParleyClientException.class,
                System.nanoTime(), Duration.ofSeconds(2));
        assertEquals(ParleyClientException.BODY_TOO_LARGE, e.code());
        assertEquals(Progress.ANSWERED, e.progress());
        assertTrue(s.send(Request.query("ping")).get(2, TimeUnit.SECONDS).isOk());
        assertEquals(1, p.connections());
    }

    @Test
    void largeReplyBodyIsStreamedToTheSinkWithProgress() throws Exception {
        byte[] data = new byte[300_000];
        Arrays.fill(data, (byte) 'x');
        ScriptedServer p = peer(greeted().readLine().send("OK {" + data.length + "}\n").send(data).drainUntilEof()
                .build());
        Session s = session(p.address(), fast().build());
        AtomicLong sunk = new AtomicLong();
        AtomicLong announced = new AtomicLong();
        AtomicLong progress = new AtomicLong();
        BodySink sink = new BodySink() {
            @Override
            public void onStart(Reply head, long bodyLength, StreamControl control) {
                announced.set(bodyLength);
            }

            @Override
            public void onChunk(ByteBuf chunk) {
                sunk.addAndGet(chunk.readableBytes());
            }
        };
        Request pull = Request.query("pull", "/big").withProgress(new ProgressListener() {
            @Override
            public void onBytesReceived(long received, long total) {
                progress.set(received);
            }
        });
        Reply r = s.send(pull, sink).get(2, TimeUnit.SECONDS);
        assertTrue(r.isOk());
        assertEquals(0, r.bodyLength(), "a streamed body is not aggregated");
        assertEquals(data.length, announced.get());
        assertEquals(data.length, sunk.get());
        assertEquals(data.length, progress.get());
    }

    @Test
    void fileBodyIsStreamedAndSentAgainWhenAnIdempotentPushIsRetried(@TempDir Path dir) throws Exception {
        byte[] data = new byte[200_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        Path file = Files.write(dir.resolve("f.bin"), data);
        List<byte[]> received = new CopyOnWriteArrayList<>();
        PeerAction readBody = conn -> {
            String line = conn.readLine();
            int n = Integer.parseInt(line.substring(line.indexOf('{') + 1, line.indexOf('}')));
            received.add(conn.readBytes(n));
        };
        ScriptedServer p = peer(greeted().run("read the push", readBody).close().build(),
                greeted().run("read the push", readBody).send("OK\n").drainUntilEof().build());
        Session s = session(p.address(), fast().build());
        AtomicLong sent = new AtomicLong();
        Request push = Request.idempotentAction("push", "/remote/f.bin").withBody(Body.ofFile(file))
                .withProgress(new ProgressListener() {
                    @Override
                    public void onBytesSent(long bytes, long total) {
                        sent.set(bytes);
                    }
                });
        assertTrue(s.send(push).get(3, TimeUnit.SECONDS).isOk());
        assertEquals(2, received.size());
        assertArrayEquals(data, received.get(0));
        assertArrayEquals(data, received.get(1));
        assertEquals(data.length, sent.get());
        assertEquals(List.of("push /remote/f.bin {200000}", "push /remote/f.bin {200000}"), p.receivedLines());
    }

    @Test
    void byteBodyIsWrittenAfterTheLine() throws Exception {
        ScriptedServer p = peer(greeted().readLine()
                .run("echo the body",
                        conn -> conn.send("OK " + new String(conn.readBytes(3), StandardCharsets.UTF_8) + "\n"))
                .drainUntilEof().build());
        Session s = session(p.address(), fast().build());
        Reply r = s.send(Request.action("put", "k").withBody(Body.of("abc".getBytes(StandardCharsets.UTF_8))))
                .get(2, TimeUnit.SECONDS);
        assertEquals(List.of("abc"), r.args());
        assertEquals(List.of("put k {3}"), p.receivedLines());
    }

    @Test
    void batchedLinesAndABodyRequestSentTogetherReachThePeerInOrder() throws Exception {
        ScriptedServer p = peer(greeted().run("answer lines and bodies", conn -> {
            String line;
            while ((line = conn.readLine()) != null) {
                String extra = line.endsWith("{3}") ? " " + new String(conn.readBytes(3), StandardCharsets.UTF_8) : "";
                conn.send("OK " + line.split(" ")[0] + extra + "\n");
            }
        }).build());
        Session s = session(p.address(), fast().build());
        s.send(Request.query("ping")).get(2, TimeUnit.SECONDS);
        List<java.util.concurrent.CompletableFuture<Reply>> calls = List.of(
                s.send(Request.query("a")), s.send(Request.query("b")),
                s.send(Request.action("put", "k").withBody(Body.of("xyz".getBytes(StandardCharsets.UTF_8)))),
                s.send(Request.query("c")), s.send(Request.query("d")));
        StringBuilder answers = new StringBuilder();
        for (java.util.concurrent.CompletableFuture<Reply> f : calls) {
            answers.append(String.join(" ", f.get(2, TimeUnit.SECONDS).args())).append(';');
        }
        assertEquals("a;b;put xyz;c;d;", answers.toString());
        assertEquals(List.of("ping", "a", "b", "put k {3}", "c", "d"), p.receivedLines());
    }
}
