package dev.parley.memcached;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A plain blocking socket for protocol tests: write bytes, read exactly as many bytes as expected, bounded. */
final class TextConnection implements AutoCloseable {

    static final int TIMEOUT_MILLIS = 5000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    TextConnection(int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    TextConnection send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    TextConnection send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads exactly {@code n} bytes, failing on timeout or end of stream. */
    byte[] read(int n) throws IOException {
        byte[] buf = in.readNBytes(n);
        if (buf.length < n) {
            throw new IOException("stream ended after " + buf.length + " of " + n + " bytes: "
                    + new String(buf, StandardCharsets.ISO_8859_1));
        }
        return buf;
    }

    /** Reads as many bytes as {@code expected} has and returns them as text. */
    String readLike(String expected) throws IOException {
        return new String(read(expected.length()), StandardCharsets.ISO_8859_1);
    }

    /** Sends a request and returns exactly as many reply bytes as {@code expected} has. */
    String exchange(String request, String expected) throws IOException {
        send(request);
        return readLike(expected);
    }

    /** Returns whether the server closed the connection (end of stream) within the timeout. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** Reads until {@code end} appears at the end of what was read. */
    String readUntil(String end) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (!got.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("stream ended before " + end + ": " + got);
            }
            got.write(b);
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
