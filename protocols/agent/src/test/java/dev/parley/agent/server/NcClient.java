package dev.parley.agent.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Speaks the Parley text protocol over a plain socket the way {@code nc -C} does: lines end with CR LF, replies are
 * read as lines and counted bodies. Every read has a time limit.
 */
final class NcClient implements AutoCloseable {

    private static final Pattern COUNT = Pattern.compile(" \\{(\\d+)}$");

    /** One reply: its line (without CR LF) and its body, empty when it has none. */
    record Wire(String line, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String greeting;

    NcClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(15_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        greeting = readLine();
    }

    String greeting() {
        return greeting;
    }

    /** Sends one line, CR LF terminated, and reads the reply line and its body, if it announces one. */
    Wire call(String line) throws IOException {
        send(line);
        return readReply();
    }

    /** Sends a line announcing {@code {n}} followed by the body, and reads the reply. */
    Wire callWithBody(String line, byte[] body) throws IOException {
        out.write((line + " {" + body.length + "}\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(body);
        out.flush();
        return readReply();
    }

    void send(String line) throws IOException {
        sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    Wire readReply() throws IOException {
        String line = readLine();
        Matcher m = COUNT.matcher(line);
        if (line.startsWith("OK") && m.find()) {
            return new Wire(line, in.readNBytes(Integer.parseInt(m.group(1))));
        }
        return new Wire(line, new byte[0]);
    }

    /** Reads up to LF; drops one CR before it. Returns null at end of stream. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
