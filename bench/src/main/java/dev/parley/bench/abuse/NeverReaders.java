package dev.parley.bench.abuse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Clients that pipeline requests and never read a byte, with a small receive buffer: whatever the agent answers
 * piles up on its side. Each connection writes its whole batch of request lines as fast as the agent takes them and
 * then waits, still open, until the deadline. The agent's answer cannot be seen; what it costs the agent is read
 * from {@code /proc} (descriptors, memory), and the well-behaved client shows what it costs the others.
 */
final class NeverReaders extends Attack {

    private static final long TICK_MILLIS = 20;

    private final String line;
    private final String token;
    private final int clients;
    private final int requests;
    private final int receiveBuffer;

    /** With a token, each connection authenticates first (one {@code auth} line ahead of its requests). */
    NeverReaders(String name, InetSocketAddress agent, long deadlineNanos, String token, String line, int clients,
            int requests, int receiveBuffer) {
        super(name, agent, deadlineNanos);
        this.token = token;
        this.line = line;
        this.clients = clients;
        this.requests = requests;
        this.receiveBuffer = receiveBuffer;
    }

    @Override
    String describe() {
        return clients + " x " + String.format("%,d", requests) + " '" + line + "' pipelined"
                + (token == null ? " unauthenticated" : " after auth") + ", SO_RCVBUF " + receiveBuffer
                + ", never read";
    }

    @Override
    void attack() {
        byte[] one = (line + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] auth = token == null ? new byte[0] : ("auth " + token + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer batch = ByteBuffer.allocate(auth.length + one.length * requests);
        batch.put(auth);
        for (int i = 0; i < requests; i++) {
            batch.put(one);
        }
        batch.flip();
        List<RawPeer> peers = new ArrayList<>();
        List<ByteBuffer> pending = new ArrayList<>();
        try {
            for (int i = 0; i < clients && timeLeft(); i++) {
                RawPeer p = open(receiveBuffer);
                if (p != null) {
                    peers.add(p);
                    pending.add(batch.duplicate());
                }
            }
            while (timeLeft()) {
                for (int i = 0; i < peers.size(); i++) {
                    ByteBuffer rest = pending.get(i);
                    if (rest != null && rest.hasRemaining()) {
                        pending.set(i, write(peers.get(i), rest));
                    }
                }
                pause(TICK_MILLIS);
            }
            long sent = 0;
            for (RawPeer p : peers) {
                sent += Math.max(0, p.bytesWritten() - auth.length);
            }
            tally.add("requests sent", sent / one.length);
            tally.add("connections fully written",
                    pending.stream().filter(b -> b != null && !b.hasRemaining()).count());
        } finally {
            peers.forEach(RawPeer::close);
        }
    }

    /** Writes what the socket takes; returns the rest, or null once the agent closed the connection. */
    private ByteBuffer write(RawPeer p, ByteBuffer rest) {
        try {
            p.write(rest);
            return rest;
        } catch (IOException e) {
            tally.add("closed by the agent");
            return null;
        }
    }
}
