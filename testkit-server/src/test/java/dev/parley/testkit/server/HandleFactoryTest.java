package dev.parley.testkit.server;

import dev.parley.client.Request;
import dev.parley.client.Session;
import dev.parley.server.ParleyServer;
import dev.parley.server.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A server from the user's own factory: any running handle plus the way to read its address. */
class HandleFactoryTest {

    @RegisterExtension
    static final ParleyExtension<RunningServer> server = ParleyExtension.of(
            () -> ParleyServer.builder().build().start(), RunningServer::localAddress);

    @Test
    void theFactorysHandleIsInjectedWithItsAddress(RunningServer running, InetSocketAddress address) {
        assertSame(server.handle(), running);
        assertEquals(running.localAddress(), address);
    }

    @Test
    void aWildcardAddressIsGivenToClientsAsLoopback() {
        TestServer wildcard = TestServer.of(new InetSocketAddress("0.0.0.0", 4242), () -> { });
        assertTrue(wildcard.address().getAddress().isLoopbackAddress(), wildcard.address().toString());
        assertEquals(4242, wildcard.address().getPort());
    }

    @Test
    void sessionsReachTheFactorysServer(Session session) {
        assertEquals("pong", session.call(Request.query("ping")).arg(0));
        assertEquals(1, server.handle().sessionCount());
    }
}
