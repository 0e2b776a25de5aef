package dev.parley.agent.server;

import dev.parley.testkit.peer.LineConnection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Speaks the Parley text protocol over a testkit {@link LineConnection} the way {@code nc -C} does: lines end with
 * CR LF, replies are read as lines and counted bodies. Every read has a time limit.
 */
final class NcClient implements AutoCloseable {

    private static final Pattern COUNT = Pattern.compile(" \\{(\\d+)}$");

    /** One reply: its line (without CR LF) and its body, empty when it has none. */
    record Wire(String line, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final LineConnection connection;
    private final String greeting;

    NcClient(int port) throws IOException {
        connection = LineConnection.connect(port).timeout(Duration.ofSeconds(15));
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
        connection.send(line + " {" + body.length + "}\r\n").send(body);
        return readReply();
    }

    void send(String line) throws IOException {
        connection.send(line + "\r\n");
    }

    void sendRaw(byte[] bytes) throws IOException {
        connection.send(bytes);
    }

    Wire readReply() throws IOException {
        String line = readLine();
        Matcher m = COUNT.matcher(line);
        if (line.startsWith("OK") && m.find()) {
            return new Wire(line, connection.readBytes(Integer.parseInt(m.group(1))));
        }
        return new Wire(line, new byte[0]);
    }

    /** Reads up to LF; drops one CR before it. Returns null at end of stream. */
    String readLine() throws IOException {
        String line = connection.readLine();
        return line != null && line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
