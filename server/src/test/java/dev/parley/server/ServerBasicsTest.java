package dev.parley.server;

import dev.parley.codec.text.ErrorCode;
import dev.parley.testkit.peer.LineConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerBasicsTest {

    private RunningServer server;

    private LineConnection start(ParleyServer.Builder builder) throws Exception {
        server = builder.build().start();
        LineConnection c = LineConnection.connect(server.port());
        assertEquals("HELLO parley/1 test", c.readLine());
        return c;
    }

    private static Router router() {
        return Router.builder()
                .query("echo", "<word>...", call -> Reply.ok(call.args().toArray(new String[0])))
                .action("boom", call -> {
                    throw new IllegalStateException("kaboom");
                })
                .add(Command.query("slow").timeout(Duration.ofMillis(100))
                        .async(call -> new CompletableFuture<>()))
                .add(Command.action("store").usage("<key>").aggregateBody(16)
                        .handler(call -> Reply.ok(call.arg(0),
                                call.body().toString(StandardCharsets.UTF_8))))
                .build();
    }

    private static ParleyServer.Builder builder() {
        return ParleyServer.builder().greeting(Greeting.parley("test")).router(router());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.shutdownGracefully(Duration.ofSeconds(2));
        }
    }

    @Test
    void builtinsAnswerPingHelpAndQuit() throws Exception {
        try (LineConnection c = start(builder())) {
            assertEquals("OK pong", c.send("ping\n").readLine());
            String head = c.send("help echo\n").readLine();
            assertTrue(head.matches("OK \\{\\d+}"), head);
            assertEquals("query echo <word>...", c.readLine());
            assertEquals("BYE QUIT", c.send("quit\n").readLine());
            assertTrue(c.closedByPeer());
        }
    }

    @Test
    void unknownVerbAndWrongArityAreAnsweredAndTheSessionGoesOn() throws Exception {
        try (LineConnection c = start(builder())) {
            assertEquals("ERR UNKNOWN_COMMAND nope", c.send("nope\n").readLine());
            assertEquals("ERR BAD_ARGS usage: echo <word>...", c.send("echo\n").readLine());
            assertEquals("OK a b", c.send("ECHO a b\n").readLine());
        }
    }

    @Test
    void oversizeLineIsAnsweredTooLongThenAValidRequestWorks() throws Exception {
        try (LineConnection c = start(builder())) {
            c.send("echo " + "x".repeat(9000) + "\nping\n");
            assertEquals("ERR TOO_LONG line length: 9005 (expected: <= 8192)", c.readLine());
            assertEquals("OK pong", c.readLine());
        }
    }

    @Test
    void handlerExceptionIsAnsweredWithAnIdAndNoStackTrace() throws Exception {
        try (LineConnection c = start(builder())) {
            String reply = c.send("boom\n").readLine();
            assertTrue(reply.matches("ERR INTERNAL [0-9a-f]+-1"), reply);
            assertEquals("OK pong", c.send("ping\n").readLine());
        }
    }

    @Test
    void handlerOverItsTimeLimitIsAnsweredTimeout() throws Exception {
        try (LineConnection c = start(builder())) {
            assertEquals("ERR TIMEOUT over the time limit of 100 ms", c.send("slow\n").readLine());
            assertEquals("OK pong", c.send("ping\n").readLine());
        }
    }

    @Test
    void bodiesAreAggregatedOrRejectedAndAlwaysConsumed() throws Exception {
        try (LineConnection c = start(builder())) {
            assertEquals("OK k hello", c.send("store k {5}\nhello").readLine());
            assertEquals("ERR TOO_LARGE body length: 20 (expected: <= 16)",
                    c.send("store k {20}\n" + "ping\n".repeat(4)).readLine());
            assertTrue(c.send("echo a {5}\nping\n").readLine().startsWith("ERR BAD_ARGS echo takes no body"));
            assertEquals("ERR UNKNOWN_COMMAND nope", c.send("nope {5}\nping\n").readLine());
            assertEquals("OK pong", c.send("ping\n").readLine());
        }
    }

    @Test
    void tooManyProtocolErrorsInARowEndTheSession() throws Exception {
        try (LineConnection c = start(builder().server(s -> s.limits(l -> l.maxConsecutiveErrors(3))))) {
            c.send("a\nb\nc\n");
            for (String v : new String[] {"a", "b", "c"}) {
                assertEquals("ERR " + ErrorCode.UNKNOWN_COMMAND + ' ' + v, c.readLine());
            }
            assertEquals("BYE PROTOCOL 3 protocol errors in a row", c.readLine());
            assertNull(c.readLine());
        }
    }

    @Test
    void oneConnectionOverTheLimitGetsByeBusy() throws Exception {
        try (LineConnection first = start(builder().server(s -> s.limits(l -> l.maxConnections(1))));
             LineConnection second = LineConnection.connect(server.port())) {
            assertEquals("BYE BUSY too many connections", second.readLine());
            assertTrue(second.closedByPeer());
            assertEquals("OK pong", first.send("ping\n").readLine());
        }
    }
}
