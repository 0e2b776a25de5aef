package dev.parley.testkit.server.matrix;

import dev.parley.testkit.Await;
import dev.parley.testkit.proxy.Direction;
import dev.parley.testkit.proxy.Fault;
import dev.parley.testkit.proxy.FaultProxy;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The random fault switcher: it switches every fault of its menu, never more at once than allowed, and cleans up. */
class FaultSwitcherTest {

    private static final List<Fault> MENU = List.of(
            Fault.latency(Duration.ofMillis(10), Duration.ZERO).named("a"),
            Fault.stall().direction(Direction.UP).named("b"),
            Fault.down().named("c"));

    private static FaultProxy proxy() {
        // No connection is made: the upstream only has to be an address.
        return FaultProxy.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9));
    }

    @Test
    void switchesEveryFaultOfItsMenuWithinTheLimitAndRemovesThemWhenClosed() {
        try (FaultProxy proxy = proxy()) {
            FaultSwitcher switcher = FaultSwitcher.builder(proxy).menu(MENU).maxActive(2)
                    .step(Duration.ofMillis(1), Duration.ofMillis(2)).seed(42).start();
            try {
                int[] most = {0};
                Await.until(Duration.ofSeconds(10), "every fault switched on at least 3 times", () -> {
                    most[0] = Math.max(most[0], proxy.faults().size());
                    return switcher.switchedOn().size() == 3
                            && switcher.switchedOn().values().stream().allMatch(n -> n >= 3);
                });
                assertTrue(most[0] <= 2, "faults on at once: " + most[0]);
            } finally {
                switcher.close();
            }
            assertEquals(List.of(), proxy.faults());
            assertEquals(List.of(), switcher.active());
        }
    }

    @Test
    void leavesFaultsThatOthersAddedAlone() {
        try (FaultProxy proxy = proxy()) {
            proxy.add(Fault.latency(Duration.ofMillis(5), Duration.ZERO).named("mine"));
            FaultSwitcher.builder(proxy).menu(MENU).step(Duration.ofMillis(1), Duration.ofMillis(1)).start().close();
            assertEquals(List.of("mine"), proxy.faults().stream().map(Fault::name).toList());
        }
    }

    @Test
    void aBadMenuOrLimitIsRefused() {
        try (FaultProxy proxy = proxy()) {
            assertThrows(IllegalArgumentException.class, () -> FaultSwitcher.builder(proxy).start());
            assertThrows(IllegalArgumentException.class, () -> FaultSwitcher.builder(proxy)
                    .menu(List.of(Fault.stall(), Fault.stall())).start());
            assertThrows(IllegalArgumentException.class, () -> FaultSwitcher.builder(proxy).menu(MENU).maxActive(0)
                    .start());
            assertThrows(IllegalArgumentException.class, () -> FaultSwitcher.builder(proxy).menu(MENU)
                    .step(Duration.ofMillis(5), Duration.ofMillis(4)).start());
        }
    }
}
