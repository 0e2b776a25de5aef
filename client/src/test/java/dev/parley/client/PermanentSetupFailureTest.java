package dev.parley.client;

import dev.parley.client.spi.ClientProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer that turns the connection down for good (a wrong token, another service, another protocol) fails the
 * waiting requests at once: before, they were retried with backoff until their deadline, one warning per attempt.
 */
class PermanentSetupFailureTest {

    /** Far beyond what a fail-fast answer takes: a call still waiting at this point was left to its deadline. */
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final long FAST_MILLIS = 3_000;

    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void deniedTokenFailsTheCallAtOnceWithoutRetrying() throws Exception {
        Peer peer = peer(line -> line.startsWith("auth ") ? "ERR DENIED \"bad token\"" : "OK");
        Session s = session(peer, ClientOptions.builder().authToken("wrong").protocol(ClientProtocol.parley("agent")));
        CompletableFuture<Reply> call = s.send(Request.query("ls").withTimeout(DEADLINE));
        peer.greet();
        ConnectFailedException e = failsFast(call);
        assertEquals(ParleyClientException.SETUP_FAILED, e.code());
        assertFalse(e.isTransient(), e.toString());
        assertEquals(Progress.NOT_SENT, e.progress());
        assertTrue(e.getMessage().contains("DENIED"), e.getMessage());
        assertEquals(1, peer.connections.get(), "one connection, no retry before the call failed");
        assertEquals(List.of("auth wrong"), peer.lines, "the request itself was never sent");
    }

    @Test
    void greetingOfAnotherServiceFailsAtOnce() throws Exception {
        Peer peer = peer(line -> "OK");
        Session s = session(peer, ClientOptions.builder().protocol(ClientProtocol.parley("memcached")));
        CompletableFuture<Reply> call = s.send(Request.query("ls").withTimeout(DEADLINE));
        peer.greet();
        ConnectFailedException e = failsFast(call);
        assertEquals(ParleyClientException.GREETING_MISMATCH, e.code());
        assertFalse(e.isTransient(), e.toString());
        assertEquals(1, peer.connections.get());
    }

    @Test
    void peerSpeakingAnotherProtocolFailsAtOnce() throws Exception {
        Peer peer = peer("SSH-2.0-OpenSSH_9.6", line -> "");
        Session s = session(peer, ClientOptions.builder());
        CompletableFuture<Reply> call = s.send(Request.query("ls").withTimeout(DEADLINE));
        peer.greet();
        ConnectFailedException e = failsFast(call);
        assertEquals(ParleyClientException.GREETING_MISMATCH, e.code());
        assertFalse(e.isTransient(), e.toString());
    }

    @Test
    void everyWaitingRequestFailsAndALaterOneTriesAgain() throws Exception {
        Peer peer = peer(line -> line.startsWith("auth ") ? "ERR DENIED \"bad token\"" : "OK");
        Session s = session(peer, ClientOptions.builder().authToken("wrong"), Duration.ofMillis(50));
        CompletableFuture<Reply> a = s.send(Request.query("ls").withTimeout(DEADLINE));
        CompletableFuture<Reply> b = s.send(Request.action("rm", "/x").withTimeout(DEADLINE));
        peer.greet();
        failsFast(a);
        failsFast(b);
        int before = peer.connections.get();
        failsFast(s.send(Request.query("ls").withTimeout(DEADLINE)));
        assertTrue(peer.connections.get() > before, "a later request gets a connection attempt of its own");
    }

    @Test
    void requestAfterARefusalConnectsAtOnceInsteadOfWaitingForTheBackoff() throws Exception {
        Peer peer = peer(line -> line.startsWith("auth ") ? "ERR DENIED \"bad token\"" : "OK");
        // The reconnect pause (30 s) is longer than the call's deadline (20 s): a call that waits for it times out.
        Session s = session(peer, ClientOptions.builder().authToken("wrong"));
        CompletableFuture<Reply> first = s.send(Request.query("ls").withTimeout(DEADLINE));
        peer.greet();
        failsFast(first);
        ConnectFailedException e = failsFast(s.send(Request.query("ls").withTimeout(DEADLINE)));
        assertEquals(ParleyClientException.SETUP_FAILED, e.code());
        assertEquals(2, peer.connections.get(), "the later request had a connection attempt of its own");
        assertEquals(List.of("auth wrong", "auth wrong"), peer.lines);
    }

    private ConnectFailedException failsFast(CompletableFuture<Reply> call) throws Exception {
        long start = System.nanoTime();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> call.get(DEADLINE.toMillis() / 2, TimeUnit.MILLISECONDS));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(took < FAST_MILLIS, "failed after " + took + " ms");
        return assertInstanceOf(ConnectFailedException.class, e.getCause());
    }

    /** A session whose reconnect waits long enough that counting connections after a failure sees no retry. */
    private Session session(Peer peer, ClientOptions.Builder options) {
        return session(peer, options, Duration.ofSeconds(30));
    }

    private Session session(Peer peer, ClientOptions.Builder options, Duration reconnectPause) {
        ParleyClient client = ParleyClient.create(1);
        open.add(client);
        Session s = client.connect(peer.address(), options.retries(r -> r.backoff(Backoff.fixed(reconnectPause)))
                .build());
        open.add(s);
        return s;
    }

    private Peer peer(Function<String, String> answer) throws IOException {
        return peer("HELLO parley/1 agent", answer);
    }

    private Peer peer(String greeting, Function<String, String> answer) throws IOException {
        Peer p = new Peer(greeting, answer);
        open.add(p);
        return p;
    }

    /** A blocking line peer: greets, answers each line, counts connections and records lines. */
    private static final class Peer implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger connections = new AtomicInteger();
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<Socket> sockets = new CopyOnWriteArrayList<>();
        final CountDownLatch greet = new CountDownLatch(1);

        Peer(String greeting, Function<String, String> answer) throws IOException {
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        sockets.add(socket);
                        connections.incrementAndGet();
                        Thread c = new Thread(() -> serve(socket, greeting, answer), "peer-conn");
                        c.setDaemon(true);
                        c.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "peer-accept");
            t.setDaemon(true);
            t.start();
        }

        private void serve(Socket socket, String greeting, Function<String, String> answer) {
            try (socket) {
                // Greets once the test's requests are waiting, so the refusal finds them queued.
                if (!greet.await(10, TimeUnit.SECONDS)) {
                    return;
                }
                OutputStream out = socket.getOutputStream();
                out.write((greeting + "\n").getBytes(StandardCharsets.UTF_8));
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                    String reply = answer.apply(line);
                    if (!reply.isEmpty()) {
                        out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException e) {
                // the client closed the connection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Lets the peer greet: the requests the test sent are queued by now. */
        void greet() {
            greet.countDown();
        }

        InetSocketAddress address() {
            return (InetSocketAddress) server.getLocalSocketAddress();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
