package dev.parley.server;

import dev.parley.testkit.peer.LineConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that sends its requests and then shuts its output down ({@code printf ... | nc}) still gets every reply,
 * the slow ones included, and then the server closes.
 */
class HalfCloseTest {

    private RunningServer server;

    @AfterEach
    void stop() throws Exception {
        server.shutdownGracefully(Duration.ofSeconds(2));
    }

    @Test
    void requestsSentBeforeTheClientsEofAreAllAnsweredThenTheServerCloses() throws Exception {
        server = ParleyServer.builder()
                .router(Router.builder()
                        .add(Command.query("slow").blocking().handler(call -> Reply.ok("slow")))
                        .query("fast", call -> Reply.ok("fast"))
                        .build())
                .build().start();
        try (LineConnection c = LineConnection.connect(server.port())) {
            assertEquals("HELLO parley/1 parley", c.readLine());
            c.send("fast\nslow\nping\nslow\n");
            c.halfClose();
            assertEquals("OK fast", c.readLine());
            assertEquals("OK slow", c.readLine());
            assertEquals("OK pong", c.readLine());
            assertEquals("OK slow", c.readLine());
            assertTrue(c.closedByPeer(), "closed once everything is answered");
        }
    }

    @Test
    void eofWithNothingOutstandingClosesAtOnce() throws Exception {
        server = ParleyServer.builder().router(Router.builder().query("fast", call -> Reply.ok("fast")).build())
                .build().start();
        try (LineConnection c = LineConnection.connect(server.port())) {
            assertEquals("HELLO parley/1 parley", c.readLine());
            c.halfClose();
            assertTrue(c.closedByPeer(), "closed after EOF");
        }
    }
}
