package dev.parley.testkit.server;

import dev.parley.client.Request;
import dev.parley.client.Session;
import dev.parley.client.SessionClosedException;
import dev.parley.server.ParleyServer;
import dev.parley.server.Reply;
import dev.parley.server.Router;
import dev.parley.server.RunningServer;
import dev.parley.testkit.Await;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every type the extension injects, and the accessors that give the same things to users of fields. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ParameterInjectionTest {

    @RegisterExtension
    static final ParleyExtension<RunningServer> server = ParleyExtension.server(() -> ParleyServer.builder()
            .server(s -> s.port(7)) // the extension starts it on port 0 whatever the options say
            .router(Router.builder().query("echo", "<word>", call -> Reply.ok(call.arg(0))).build())
            .build());

    private static Session fromFirstTest;

    @Test
    @Order(1)
    void injectedSessionIsConnectedAndAnswered(Session session) {
        assertTrue(session.isConnected());
        assertEquals("hi", session.call(Request.query("echo", "hi")).arg(0));
        fromFirstTest = session;
    }

    @Test
    @Order(2)
    void sessionInjectedIntoAnEarlierTestIsClosedAfterIt() {
        assertNotNull(fromFirstTest, "the first test ran");
        assertFalse(fromFirstTest.isConnected());
        assertThrows(SessionClosedException.class, () -> fromFirstTest.call(Request.query("echo", "late")));
        Await.until(Duration.ofSeconds(5), "the server saw the session end", () -> server.handle().sessionCount() == 0);
    }

    @Test
    void injectedAddressIsTheServersEphemeralLoopbackPort(InetSocketAddress address, TestServer testServer,
                                                          RunningServer running) {
        assertNotEquals(7, address.getPort());
        assertEquals(running.port(), address.getPort());
        assertTrue(address.getAddress().isLoopbackAddress(), address.toString());
        assertEquals(address, testServer.address());
        assertSame(running, server.handle());
    }

    @Test
    void withoutAProxyTheClientAddressIsTheServersAndThereIsNoProxy() {
        assertEquals(server.upstreamAddress(), server.address());
        IllegalStateException e = assertThrows(IllegalStateException.class, server::proxy);
        assertTrue(e.getMessage().contains(".withProxy()"), e.getMessage());
    }

    @Test
    void eachInjectedSessionIsItsOwnConnection(Session a, Session b) {
        assertNotSame(a, b);
        Await.until(Duration.ofSeconds(5), "two sessions on the server", () -> server.handle().sessionCount() == 2);
    }

    @Test
    void newSessionFromTheFieldIsConnected() {
        Session session = server.newSession();
        assertEquals("x", session.call(Request.query("echo", "x")).arg(0));
        assertEquals(server.address(), session.remoteAddress());
    }
}
