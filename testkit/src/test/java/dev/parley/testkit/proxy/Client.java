package dev.parley.testkit.proxy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A blocking loopback client with a read timeout, for driving a proxy in tests. */
final class Client implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    Client(InetSocketAddress address, int readTimeoutMillis) {
        try {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address, 5_000);
            socket.setSoTimeout(readTimeoutMillis);
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Client(InetSocketAddress address) {
        this(address, 5_000);
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.US_ASCII));
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Reads exactly {@code n} bytes, failing with EOFException if the stream ends first. */
    String read(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException("got " + b.length + " of " + n + " bytes: "
                    + new String(b, StandardCharsets.US_ASCII));
        }
        return new String(b, StandardCharsets.US_ASCII);
    }

    /** Sends the text and reads it back; returns the nanoseconds the round trip took. */
    long echo(String text) throws IOException {
        long start = System.nanoTime();
        send(text);
        String back = read(text.length());
        long took = System.nanoTime() - start;
        if (!back.equals(text)) {
            throw new AssertionError("echo: '" + back + "' (expected: '" + text + "')");
        }
        return took;
    }

    /** Returns whether nothing arrives within the read timeout (an arrival or end of stream is a no). */
    boolean silent() throws IOException {
        try {
            in.read();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        }
    }

    /** Reads until end of stream and returns what came. */
    String readToEnd() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.US_ASCII);
    }

    void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
