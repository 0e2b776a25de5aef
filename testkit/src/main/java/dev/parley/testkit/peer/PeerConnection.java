package dev.parley.testkit.peer;

import dev.parley.testkit.peer.Transcript.Side;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * One connection as a {@link Script} sees it: blocking reads and writes on a socket, each recorded in a
 * {@link Transcript}. The scripted steps use it; a {@link PeerAction} can use it directly for replies that depend on
 * what was read. Reads without a time limit wait until data arrives, the other side closes, or the peer is closed.
 */
public final class PeerConnection {

    private final Socket socket;
    private final int number;
    private final Side self;
    private final Transcript transcript;
    private final Consumer<String> lineSink;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;

    PeerConnection(Socket socket, int number, Side self, Transcript transcript, Consumer<String> lineSink)
            throws IOException {
        this.socket = socket;
        this.number = number;
        this.self = self;
        this.transcript = transcript;
        this.lineSink = lineSink;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        socket.setTcpNoDelay(true);
    }

    /** @return the number of this connection on its peer, from 1 */
    public int number() {
        return number;
    }

    /** @return the socket, for options the script does not cover */
    public Socket socket() {
        return socket;
    }

    /** @return this connection's transcript */
    public Transcript transcript() {
        return transcript;
    }

    /**
     * Sends text as UTF-8, as it is (no line feed added).
     *
     * @param text the text
     * @throws IOException if the socket fails
     */
    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends bytes and flushes them.
     *
     * @param bytes the bytes
     * @throws IOException if the socket fails
     */
    public void send(byte[] bytes) throws IOException {
        transcript.sent(self, bytes, 0, bytes.length);
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads one line, waiting as long as it takes.
     *
     * @return the line without its line feed (a carriage return before it is removed too), or {@code null} at end of
     *         stream
     * @throws IOException if the socket fails, for example on a reset
     */
    public String readLine() throws IOException {
        return readLine(0);
    }

    /**
     * Reads one line within a time limit.
     *
     * @param within the most time to wait for the whole line
     * @return the line as {@link #readLine()} returns it, or {@code null} at end of stream
     * @throws SocketTimeoutException if the line did not arrive within the time
     * @throws IOException if the socket fails
     */
    public String readLine(Duration within) throws IOException {
        return readLine(deadline(within));
    }

    /**
     * Reads exactly {@code n} bytes, waiting as long as it takes.
     *
     * @param n how many
     * @return the bytes
     * @throws IOException if the stream ends first or the socket fails
     */
    public byte[] readBytes(int n) throws IOException {
        return readBytes(n, 0);
    }

    /**
     * Reads exactly {@code n} bytes within a time limit.
     *
     * @param n how many
     * @param within the most time to wait for all of them
     * @return the bytes
     * @throws SocketTimeoutException if they did not arrive within the time
     * @throws IOException if the stream ends first or the socket fails
     */
    public byte[] readBytes(int n, Duration within) throws IOException {
        return readBytes(n, deadline(within));
    }

    /**
     * Returns how many bytes can be read without waiting.
     *
     * @return bytes already buffered or received
     * @throws IOException if the socket fails
     */
    public int available() throws IOException {
        return (limit - pos) + in.available();
    }

    /**
     * Closes the sending direction only (TCP FIN): the other side reads end of stream, and can still send.
     *
     * @throws IOException if the socket fails
     */
    public void halfClose() throws IOException {
        transcript.event(self, "half-close");
        socket.shutdownOutput();
    }

    /**
     * Closes the connection gracefully.
     *
     * @throws IOException if the socket fails
     */
    public void close() throws IOException {
        if (!socket.isClosed()) {
            transcript.event(self, "close");
            socket.close();
        }
    }

    /**
     * Resets the connection: {@code SO_LINGER} 0 and close, so the other side sees a TCP RST ("Connection reset")
     * instead of end of stream.
     *
     * @throws IOException if the socket fails
     */
    public void reset() throws IOException {
        transcript.event(self, "reset");
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** Reads lines until end of stream (or a reset, or the peer closing), recording each; there is no time limit. */
    void drain() throws IOException {
        try {
            while (readLine(0) != null) {
                // recorded by readLine
            }
        } catch (SocketException e) {
            if (!socket.isClosed()) {
                transcript.event(self.other(), "reset");
            }
        }
    }

    /** Reads one byte within the time limit: -1 at end of stream, recording {@code <eof>}. */
    int readByte(long deadlineNanos) throws IOException {
        if (!fill(deadlineNanos)) {
            transcript.event(self.other(), "eof");
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    String readLine(long deadlineNanos) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (;;) {
            if (!fill(deadlineNanos)) {
                if (line.size() > 0) {
                    byte[] partial = line.toByteArray();
                    transcript.sent(self.other(), partial, 0, partial.length);
                }
                transcript.event(self.other(), "eof");
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            int start = pos;
            while (pos < limit && buf[pos] != '\n') {
                pos++;
            }
            line.write(buf, start, pos - start);
            if (pos < limit) {
                pos++;
                byte[] raw = line.toByteArray();
                transcript.line(self.other(), raw, 0, raw.length);
                int n = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
                String text = new String(raw, 0, n, StandardCharsets.UTF_8);
                lineSink.accept(text);
                return text;
            }
        }
    }

    byte[] readBytes(int n, long deadlineNanos) throws IOException {
        byte[] got = new byte[n];
        int have = 0;
        while (have < n) {
            if (!fill(deadlineNanos)) {
                byte[] partial = Arrays.copyOf(got, have);
                transcript.block(self.other(), partial);
                transcript.event(self.other(), "eof");
                throw new IOException("end of stream after " + have + " of " + n + " bytes");
            }
            int k = Math.min(n - have, limit - pos);
            System.arraycopy(buf, pos, got, have, k);
            pos += k;
            have += k;
        }
        transcript.block(self.other(), got);
        return got;
    }

    /** Makes sure a byte is buffered; {@code false} at end of stream. A deadline of 0 means no limit. */
    private boolean fill(long deadlineNanos) throws IOException {
        if (pos < limit) {
            return true;
        }
        if (deadlineNanos == 0) {
            socket.setSoTimeout(0);
        } else {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("time is up");
            }
            socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(left).toMillis()));
        }
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    static long deadline(Duration within) {
        long d = System.nanoTime() + within.toNanos();
        return d == 0 ? 1 : d;
    }

    Side self() {
        return self;
    }
}
