package dev.parley.memcached.client;

import dev.parley.client.ParleyClientException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A server whose {@code VALUE} line has a malformed {@code <bytes>} count breaks the framing: the client fails the
 * request with a {@code PROTOCOL} error, does not take the bytes after the line for the next reply, and reconnects.
 */
class MalformedValueLineTest {

    private ServerSocket listener;
    private Thread peer;
    private MemcachedClient mc;

    @AfterEach
    void stop() throws Exception {
        if (mc != null) {
            mc.close();
        }
        listener.close();
        peer.join(5_000);
    }

    @Test
    void valueLineWithAMalformedCountIsAProtocolErrorAndTheClientResyncs() throws Exception {
        listener = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        AtomicInteger connections = new AtomicInteger();
        peer = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                    s.setSoTimeout(5_000);
                    int n = connections.incrementAndGet();
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    while (readLine(in) != null) {
                        // After the bad count, bytes that would pass for the reply to the next get.
                        out.write((n == 1 ? "VALUE k 0 -1\r\nEND\r\nVALUE k 0 6\r\nstolen\r\nEND\r\n"
                                : "VALUE k 0 5\r\nfresh\r\nEND\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }, "scripted-memcached");
        peer.start();
        mc = MemcachedClient.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()));

        ExecutionException e = assertThrows(ExecutionException.class, () -> mc.get("k").get(5, TimeUnit.SECONDS));
        assertEquals(ParleyClientException.PROTOCOL,
                assertInstanceOf(ParleyClientException.class, e.getCause()).code());

        assertEquals("fresh", new String(mc.get("k").get(5, TimeUnit.SECONDS).value(), StandardCharsets.UTF_8));
        assertEquals(2, connections.get());
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return null;
            }
            sb.append((char) b);
        }
        return sb.toString();
    }
}
