package dev.parley.bench.abuse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One attacking connection to the agent: a non-blocking socket on loopback, polled by the attack's own thread.
 * {@link #readLines()} returns the complete lines that arrived since the last call (a line is kept to its first
 * {@value #MAX_KEPT} bytes; the rest is only counted). Not thread-safe: one thread drives a peer.
 */
final class RawPeer implements AutoCloseable {

    /** How much of a received line is kept; enough for any reply line but not for a body. */
    static final int MAX_KEPT = 256;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    private final byte[] line = new byte[MAX_KEPT];
    private int lineLength;
    private boolean eof;
    private long bytesWritten;

    private RawPeer(SocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Connects (blocking, with a 5 s limit), then switches to non-blocking.
     *
     * @param address the agent, on loopback
     * @param receiveBuffer SO_RCVBUF in bytes set before connecting, or 0 for the system's default
     * @return the connected peer
     * @throws IOException if the connection fails
     */
    static RawPeer connect(InetSocketAddress address, int receiveBuffer) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            if (receiveBuffer > 0) {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
            }
            ch.socket().connect(address, CONNECT_TIMEOUT_MILLIS);
            ch.configureBlocking(false);
            return new RawPeer(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Reads what has arrived, without waiting.
     *
     * @return the complete lines received, without CR LF; empty if none
     * @throws IOException on a socket error (a reset)
     */
    List<String> readLines() throws IOException {
        List<String> lines = new ArrayList<>(0);
        while (!eof) {
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
                eof = true;
                break;
            }
            if (n == 0) {
                break;
            }
            in.flip();
            while (in.hasRemaining()) {
                byte b = in.get();
                if (b == '\n') {
                    int len = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
                    lines.add(new String(line, 0, len, StandardCharsets.UTF_8));
                    lineLength = 0;
                } else if (lineLength < MAX_KEPT) {
                    line[lineLength++] = b;
                }
            }
        }
        return lines;
    }

    /** @return whether the agent closed its side (seen by a read) */
    boolean eof() {
        return eof;
    }

    /**
     * Writes what the socket takes now, without waiting.
     *
     * @param bytes advanced by what was written
     * @return the number of bytes written
     * @throws IOException if the connection is closed or reset
     */
    int write(ByteBuffer bytes) throws IOException {
        int n = channel.write(bytes);
        bytesWritten += n;
        return n;
    }

    /** @return bytes written so far */
    long bytesWritten() {
        return bytesWritten;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing our own socket at the end of an attack: nothing left to do with it
            eof = true;
        }
    }
}
