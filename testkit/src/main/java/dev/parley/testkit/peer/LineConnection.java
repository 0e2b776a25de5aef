package dev.parley.testkit.peer;

import dev.parley.testkit.peer.Transcript.Side;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * A plain blocking client connection for protocol tests, driven step by step from the test's own thread: send text
 * or bytes, read a line, read exactly so many bytes, check that the server closed. Every read waits at most the
 * timeout ({@link #DEFAULT_TIMEOUT} unless set), so no test hangs; everything is recorded in a {@link Transcript}.
 * Lines are returned as received, without their line feed: a carriage return stays.
 */
public final class LineConnection implements AutoCloseable {

    /** How long a connect or a read waits unless {@link #timeout(Duration)} says otherwise: 5 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Transcript transcript = new Transcript();
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;

    private LineConnection(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to a port on 127.0.0.1.
     *
     * @param port the port
     * @return the connection
     * @throws IOException if it cannot connect within {@link #DEFAULT_TIMEOUT}
     */
    public static LineConnection connect(int port) throws IOException {
        return connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /**
     * Connects to an address.
     *
     * @param address where to connect
     * @return the connection
     * @throws IOException if it cannot connect within {@link #DEFAULT_TIMEOUT}
     */
    public static LineConnection connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(address, (int) DEFAULT_TIMEOUT.toMillis());
            return new LineConnection(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Connects an unconnected socket the caller has prepared (a TLS socket, a small receive buffer) to a port on
     * 127.0.0.1 and wraps it.
     *
     * @param socket a new, unconnected socket; closed if connecting fails
     * @param port the port
     * @return the connection
     * @throws IOException if it cannot connect within {@link #DEFAULT_TIMEOUT}
     */
    public static LineConnection connect(Socket socket, int port) throws IOException {
        return connect(socket, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /**
     * Connects an unconnected socket the caller has prepared (a TLS socket, a small receive buffer) and wraps it.
     *
     * @param socket a new, unconnected socket; closed if connecting fails
     * @param address where to connect
     * @return the connection
     * @throws IOException if it cannot connect within {@link #DEFAULT_TIMEOUT}
     */
    public static LineConnection connect(Socket socket, InetSocketAddress address) throws IOException {
        try {
            socket.connect(address, (int) DEFAULT_TIMEOUT.toMillis());
            return new LineConnection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sets how long each read waits from now on; default {@link #DEFAULT_TIMEOUT}.
     *
     * @param timeout positive
     * @return this connection
     * @throws IOException if the socket refuses the option
     */
    public LineConnection timeout(Duration timeout) throws IOException {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        return this;
    }

    /** @return the socket, for options this class does not cover */
    public Socket socket() {
        return socket;
    }

    /** @return what was sent and received so far */
    public Transcript transcript() {
        return transcript;
    }

    /**
     * Sends text as UTF-8, exactly as given.
     *
     * @param text the text, with whatever line ends it needs
     * @return this connection
     * @throws IOException if the socket fails
     */
    public LineConnection send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends bytes and flushes them.
     *
     * @param bytes the bytes
     * @return this connection
     * @throws IOException if the socket fails
     */
    public LineConnection send(byte[] bytes) throws IOException {
        transcript.sent(Side.CLIENT, bytes, 0, bytes.length);
        out.write(bytes);
        out.flush();
        return this;
    }

    /**
     * Reads the next line.
     *
     * @return the line without its line feed (a carriage return before it stays), or {@code null} at end of stream
     *         (a last line without a line feed is returned first)
     * @throws SocketTimeoutException if no whole line came within the timeout
     * @throws IOException if the socket fails
     */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (;;) {
            if (!fill()) {
                if (line.size() == 0) {
                    transcript.event(Side.SERVER, "eof");
                    return null;
                }
                byte[] raw = line.toByteArray();
                transcript.sent(Side.SERVER, raw, 0, raw.length);
                return line.toString(StandardCharsets.UTF_8);
            }
            int start = pos;
            while (pos < limit && buf[pos] != '\n') {
                pos++;
            }
            line.write(buf, start, pos - start);
            if (pos < limit) {
                pos++;
                byte[] raw = line.toByteArray();
                transcript.line(Side.SERVER, raw, 0, raw.length);
                return line.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * Reads exactly {@code n} bytes.
     *
     * @param n how many
     * @return the bytes
     * @throws SocketTimeoutException if they did not all come within the timeout
     * @throws IOException if the stream ended first (the message shows what came) or the socket fails
     */
    public byte[] readBytes(int n) throws IOException {
        byte[] got = new byte[n];
        int have = 0;
        while (have < n) {
            if (!fill()) {
                byte[] partial = Arrays.copyOf(got, have);
                transcript.block(Side.SERVER, partial);
                transcript.event(Side.SERVER, "eof");
                throw new IOException("stream ended after " + have + " of " + n + " bytes: "
                        + Transcript.escape(partial));
            }
            int k = Math.min(n - have, limit - pos);
            System.arraycopy(buf, pos, got, have, k);
            pos += k;
            have += k;
        }
        transcript.block(Side.SERVER, got);
        return got;
    }

    /**
     * Reads as many bytes as {@code expected} has in UTF-8, for comparing a reply byte for byte:
     * {@code assertEquals(expected, c.readLike(expected))}.
     *
     * @param expected the reply the test expects
     * @return what came instead of it, as UTF-8 text, exactly as long
     * @throws SocketTimeoutException if not enough bytes came within the timeout
     * @throws IOException if the stream ended first (the message shows what came) or the socket fails
     */
    public String readLike(String expected) throws IOException {
        return new String(readBytes(expected.getBytes(StandardCharsets.UTF_8).length), StandardCharsets.UTF_8);
    }

    /**
     * Sends a request and reads as many bytes as the expected reply has: {@code send(request)} then
     * {@link #readLike(String)}.
     *
     * @param request the request, with its line ends
     * @param expectedReply the reply the test expects
     * @return what came, exactly as long as the expected reply
     * @throws IOException as {@link #readLike(String)} does, or if sending fails
     */
    public String exchange(String request, String expectedReply) throws IOException {
        return send(request).readLike(expectedReply);
    }

    /**
     * Reads {@code n} bytes, or fewer if the stream ends first: for a server that may cut a transfer short.
     *
     * @param n the most to read
     * @return the bytes read, shorter than {@code n} only at end of stream
     * @throws SocketTimeoutException if neither the bytes nor the end came within the timeout
     * @throws IOException if the socket fails
     */
    public byte[] readAtMost(int n) throws IOException {
        byte[] got = new byte[n];
        int have = 0;
        while (have < n && fill()) {
            int k = Math.min(n - have, limit - pos);
            System.arraycopy(buf, pos, got, have, k);
            pos += k;
            have += k;
        }
        byte[] read = have == n ? got : Arrays.copyOf(got, have);
        transcript.block(Side.SERVER, read);
        if (have < n) {
            transcript.event(Side.SERVER, "eof");
        }
        return read;
    }

    /**
     * Reads until what was read ends with {@code end}.
     *
     * @param end the text that ends the read, as UTF-8
     * @return everything read, {@code end} included
     * @throws SocketTimeoutException if it did not come within the timeout (per read)
     * @throws IOException if the stream ended first or the socket fails
     */
    public String readUntil(String end) throws IOException {
        byte[] tail = end.getBytes(StandardCharsets.UTF_8);
        byte[] got = new byte[Math.max(64, tail.length)];
        int size = 0;
        while (!endsWith(got, size, tail)) {
            if (!fill()) {
                byte[] partial = Arrays.copyOf(got, size);
                transcript.block(Side.SERVER, partial);
                throw new IOException("stream ended before " + Transcript.escape(end) + ": "
                        + Transcript.escape(partial));
            }
            if (size == got.length) {
                got = Arrays.copyOf(got, size * 2);
            }
            got[size++] = buf[pos++];
        }
        transcript.sent(Side.SERVER, got, 0, size);
        return new String(got, 0, size, StandardCharsets.UTF_8);
    }

    /**
     * Reads one byte to learn whether the server closed the connection.
     *
     * @return {@code true} at end of stream or on a reset; {@code false} if a byte came (it is consumed) or nothing
     *         came within the timeout (the connection is still open)
     * @throws IOException if the socket fails otherwise
     */
    public boolean closedByPeer() throws IOException {
        try {
            if (!fill()) {
                transcript.event(Side.SERVER, "eof");
                return true;
            }
            pos++;
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            transcript.event(Side.SERVER, "reset");
            return true;
        }
    }

    /**
     * Closes the sending direction only: the server reads end of stream and can still answer.
     *
     * @throws IOException if the socket fails
     */
    public void halfClose() throws IOException {
        transcript.event(Side.CLIENT, "half-close");
        socket.shutdownOutput();
    }

    /** Closes the connection. */
    @Override
    public void close() throws IOException {
        socket.close();
    }

    private boolean fill() throws IOException {
        if (pos < limit) {
            return true;
        }
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private static boolean endsWith(byte[] got, int size, byte[] tail) {
        if (size < tail.length) {
            return false;
        }
        for (int i = 0; i < tail.length; i++) {
            if (got[size - tail.length + i] != tail[i]) {
                return false;
            }
        }
        return true;
    }
}
