package dev.parley.client;

import dev.parley.testkit.peer.ScriptedServer;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.codec.pipeline.WireTraceHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The auth token never reaches a log, even with the wire trace ({@code parley.wire}) and the client's logger at
 * TRACE, on the first connection and on a reconnect. Holds whether the wire trace skips the {@code auth} line or
 * redacts it.
 */
class TokenSecrecyTest extends ClientTestSupport {

    private static final String TOKEN = "tok-5ecret-7f3c9a1e";

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Logger wire;
    private Logger clientLog;
    private Level wireLevel;
    private Level clientLevel;

    @BeforeEach
    void captureEverything() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        wire = (Logger) LoggerFactory.getLogger(WireTraceHandler.LOGGER_NAME);
        clientLog = (Logger) LoggerFactory.getLogger("parley.client");
        wireLevel = wire.getLevel();
        clientLevel = clientLog.getLevel();
        wire.setLevel(Level.TRACE);
        clientLog.setLevel(Level.TRACE);
        captured.setContext(root.getLoggerContext());
        captured.start();
        root.addAppender(captured);
    }

    @AfterEach
    void restoreLevels() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(captured);
        captured.stop();
        wire.setLevel(wireLevel);
        clientLog.setLevel(clientLevel);
    }

    @Test
    void tokenIsNeitherTracedOnTheWireNorLoggedOnConnectAndReconnect() throws Exception {
        ScriptedServer p = peer(greeted().run("answer until the first ping", conn -> {
            String line;
            while ((line = conn.readLine()) != null) {
                conn.send(line.startsWith("auth ") ? "OK\n" : "OK pong\n");
                if (line.equals("ping")) {
                    return;
                }
            }
        }).build(), answering(line -> line.startsWith("auth ") ? "OK" : "OK pong"));
        Session s = session(p.address(), fast().authToken(TOKEN).build());
        assertEquals("pong", s.send(Request.query("ping")).get(3, TimeUnit.SECONDS).arg(0));
        ConnectionFailureTest.waitUntil(() -> p.connections() == 2 && s.isConnected());
        assertEquals("pong", s.send(Request.query("ping")).get(3, TimeUnit.SECONDS).arg(0));
        s.close();

        assertEquals(2, count(p, "auth " + TOKEN), "the token was presented on both connections: " + p.receivedLines());
        List<String> logged = snapshot();
        List<String> wireLines = new ArrayList<>();
        for (String line : logged) {
            if (line.startsWith(WireTraceHandler.LOGGER_NAME + " ")) {
                wireLines.add(line);
            }
        }
        assertTrue(wireLines.stream().filter(l -> l.contains("< HELLO parley/1 test")).count() >= 2,
                "the wire trace was on for both connections: " + wireLines);
        assertTrue(wireLines.stream().filter(l -> l.contains("> ping")).count() >= 2, "requests are traced");
        assertTrue(logged.stream().anyMatch(l -> l.contains("auth token (redacted)")), "the client logs the auth");
        for (String line : logged) {
            assertFalse(line.contains(TOKEN), "the token leaked into a log: " + line);
        }
    }

    /** Every captured event as its logger name, formatted message, raw arguments and exception messages. */
    private List<String> snapshot() {
        List<ILoggingEvent> events;
        synchronized (captured) {
            events = new ArrayList<>(captured.list);
        }
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : events) {
            StringBuilder sb = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
            if (e.getArgumentArray() != null) {
                for (Object arg : e.getArgumentArray()) {
                    sb.append(" | ").append(arg);
                }
            }
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                sb.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            }
            lines.add(sb.toString());
        }
        return lines;
    }
}
