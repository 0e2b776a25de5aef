package dev.parley.server;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plays the transcripts of docs/PROTOCOL.md that the key-value example server can serve (the {@code kv} sessions and
 * the rejected lines) over a real socket, as {@code nc -C} would (CR LF line ends), and compares every server line;
 * a transcript that ends in {@code BYE} must also end the connection.
 */
class ProtocolDocSessionsTest {

    private static List<List<String>> sessions() throws IOException {
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : Files.readAllLines(Path.of("..", "docs", "PROTOCOL.md"), StandardCharsets.UTF_8)) {
            if (current == null && line.equals("```parley-session")) {
                current = new ArrayList<>();
            } else if (current != null && line.equals("```")) {
                blocks.add(current);
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return blocks;
    }

    /** The kv sessions, and sessions whose every reply is a syntax rejection, which any Parley server gives. */
    private static boolean servableByKv(List<String> session) {
        if (session.get(0).equals("S: HELLO parley/1 kv")) {
            return true;
        }
        return session.stream().filter(l -> l.startsWith("S:"))
                .allMatch(l -> l.startsWith("S: ERR BAD_REQUEST"));
    }

    @Test
    void kvTranscriptsAndRejectedLinesPlayAgainstARealServer() throws Exception {
        List<List<String>> played = new ArrayList<>();
        try (RunningServer server = KeyValueExampleTest.startKeyValueServer()) {
            for (List<String> session : sessions()) {
                if (servableByKv(session)) {
                    play(server.port(), session);
                    played.add(session);
                }
            }
        }
        assertTrue(played.size() >= 3, "expected the kv, BAD_REQUEST and framing violation transcripts, played "
                + played.size());
    }

    private static void play(int port, List<String> session) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String greeting = in.readLine();
            assertEquals("HELLO parley/1 kv", greeting);
            for (String line : session) {
                String text = line.substring(3);
                if (line.startsWith("C:")) {
                    out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } else if (line.startsWith("S:") && !text.startsWith("HELLO")) {
                    assertEquals(text, in.readLine(), "in transcript " + session);
                }
            }
            if (session.get(session.size() - 1).startsWith("S: BYE")) {
                assertNull(in.readLine(), "the server closes after BYE in transcript " + session);
            }
        }
    }
}
