package dev.parley.server;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared authentication bound on its own: memory stays bounded and many addresses do not escape it. */
class AuthThrottleBoundsTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private static InetSocketAddress ip(String host) {
        return new InetSocketAddress(host, 1234);
    }

    private static Limits.Builder limits() {
        return Limits.builder().authAddressBurst(2).authAddressInterval(Duration.ofSeconds(1))
                .authMaxWait(Duration.ZERO).authGlobalBurst(1_000_000).authGlobalInterval(Duration.ofNanos(1));
    }

    @Test
    void manyAddressesCannotGrowTheTableAndShareOneBoundBeyondIt() {
        AuthThrottle t = new AuthThrottle(limits().authTrackedAddresses(8).build());
        long now = 0;
        for (int i = 1; i <= 8; i++) {
            t.failed(t.acquire(ip("10.0.0." + i), now));
        }
        int admitted = 0;
        for (int i = 0; i < 10_000; i++) {
            AuthThrottle.Ticket ticket = t.acquire(ip("10.1." + (i / 250) + '.' + (i % 250)), now);
            if (ticket.admitted()) {
                admitted++;
                t.failed(ticket);
            }
        }
        assertEquals(8, t.trackedAddresses(), "addresses remembered");
        assertEquals(2, admitted, "10,000 new addresses got one shared burst while the table was in use");
        // Once the remembered addresses are back to a full burst they are forgotten and new ones are tracked.
        now += 2 * SECOND;
        assertTrue(t.acquire(ip("10.2.0.1"), now).admitted());
        assertTrue(t.trackedAddresses() <= 8);
    }

    @Test
    void theGlobalBoundHoldsAcrossAddresses() {
        AuthThrottle t = new AuthThrottle(limits().authGlobalBurst(3).authGlobalInterval(Duration.ofSeconds(1))
                .build());
        int admitted = 0;
        for (int i = 0; i < 100; i++) {
            AuthThrottle.Ticket ticket = t.acquire(ip("10.0.0." + i), 0);
            if (ticket.admitted()) {
                admitted++;
                t.failed(ticket);
            } else {
                assertEquals(AuthThrottle.Verdict.GLOBAL, ticket.verdict);
            }
        }
        assertEquals(3, admitted);
        assertTrue(t.acquire(ip("10.9.9.9"), SECOND).admitted(), "one more per interval");
    }

    @Test
    void successesGiveTheirTurnBack() {
        AuthThrottle t = new AuthThrottle(limits().build());
        for (int i = 0; i < 100; i++) {
            AuthThrottle.Ticket ticket = t.acquire(ip("10.0.0.1"), 0);
            assertTrue(ticket.admitted(), "attempt " + i);
            t.giveBack(ticket);
        }
    }

    @Test
    void ipv6AddressesOfOneSlash64ShareABound() {
        assertEquals(AuthThrottle.key(ip("2001:db8:1:2::1")), AuthThrottle.key(ip("2001:db8:1:2:ffff::9")));
        assertNotEquals(AuthThrottle.key(ip("2001:db8:1:2::1")), AuthThrottle.key(ip("2001:db8:1:3::1")));
        assertNotEquals(AuthThrottle.key(ip("192.0.2.1")), AuthThrottle.key(ip("192.0.2.2")));
    }
}
