package dev.parley.testkit.proxy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultTest {

    private static final Duration MS_200 = Duration.ofMillis(200);

    @Test
    void namesDefaultToKindAndDirection() {
        assertEquals("latency_down", Fault.latency(MS_200, Duration.ZERO).name());
        assertEquals("stall_up", Fault.stall().direction(Direction.UP).name());
        assertEquals("limit_data_both", Fault.limitData(10).direction(Direction.BOTH).name());
        assertEquals("slow_close_down", Fault.slowClose(MS_200).name());
        assertEquals("down", Fault.down().name());
        assertEquals("flaky", Fault.stall().named("flaky").name());
    }

    @Test
    void parseReadsEveryKind() {
        assertEquals(Fault.latency(MS_200, Duration.ofMillis(50)).probability(0.5),
                Fault.parse("latency down 200ms jitter=50ms p=0.5"));
        assertEquals(Fault.latency(MS_200, Duration.ZERO), Fault.parse("latency 200ms"));
        assertEquals(Fault.bandwidth(10 * 1024).direction(Direction.UP), Fault.parse("bandwidth up 10k"));
        assertEquals(Fault.bandwidth(1 << 20), Fault.parse("bandwidth 1m/s"));
        assertEquals(Fault.slicer(8, 2, Duration.ofMillis(5)), Fault.parse("slicer 8 variation=2 delay=5ms"));
        assertEquals(Fault.slicer(8, 0, Duration.ofMillis(10)), Fault.parse("slicer 8"));
        assertEquals(Fault.stall().direction(Direction.BOTH), Fault.parse("stall both"));
        assertEquals(Fault.stall(Duration.ofMillis(1500)), Fault.parse("stall 1.5s"));
        assertEquals(Fault.reset(Duration.ZERO), Fault.parse("reset"));
        assertEquals(Fault.reset(Duration.ofSeconds(2)).direction(Direction.UP), Fault.parse("reset up after=2s"));
        assertEquals(Fault.slowClose(MS_200), Fault.parse("slow-close 200ms"));
        assertEquals(Fault.limitData(100).named("cut"), Fault.parse("LIMIT_DATA down 100 name=cut"));
        assertEquals(Fault.down().probability(0.25), Fault.parse("down p=0.25"));
    }

    @Test
    void toStringParsesBackToAnEqualFault() {
        List<Fault> faults = List.of(
                Fault.latency(MS_200, Duration.ofMillis(50)).probability(0.5),
                Fault.latency(Duration.ofNanos(1500), Duration.ZERO).direction(Direction.UP),
                Fault.bandwidth(1000),
                Fault.bandwidth(2048).direction(Direction.BOTH),
                Fault.slicer(10, 3, Duration.ofMillis(20)),
                Fault.stall(),
                Fault.stall(Duration.ofSeconds(3)).named("hold"),
                Fault.reset(Duration.ZERO),
                Fault.slowClose(Duration.ofMinutes(1)),
                Fault.limitData(1 << 20),
                Fault.down().probability(0.125));
        for (Fault f : faults) {
            assertEquals(f, Fault.parse(f.toString()), f.toString());
        }
        assertEquals("latency down 200ms jitter=50ms p=0.5", faults.get(0).toString());
        assertEquals("stall down 3s name=hold", faults.get(6).toString());
        assertEquals("down p=0.125", faults.get(10).toString());
    }

    @Test
    void parseErrorsSayWhatWasExpected() {
        assertMessage("unknown kind 'lag'", () -> Fault.parse("lag 200ms"));
        assertMessage("latency: missing latency", () -> Fault.parse("latency down"));
        assertMessage("duration: '200'", () -> Fault.parse("latency 200"));
        assertMessage("unknown key 'size'", () -> Fault.parse("latency 1ms size=3"));
        assertMessage("too many values", () -> Fault.parse("stall 1s 2s"));
        assertMessage("probability: 2.0", () -> Fault.parse("stall p=2"));
        assertMessage("no direction", () -> Fault.parse("down up"));
        assertMessage("sizeVariation: 8", () -> Fault.parse("slicer 8 variation=8"));
        assertMessage("empty", () -> Fault.parse("  "));
    }

    @Test
    void factoriesRejectValuesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> Fault.latency(Duration.ofMillis(-1), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Fault.bandwidth(0));
        assertThrows(IllegalArgumentException.class, () -> Fault.stall(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Fault.limitData(-1));
        assertThrows(IllegalArgumentException.class, () -> Fault.stall().probability(-0.1));
        assertThrows(IllegalArgumentException.class, () -> Fault.stall().named("a b"));
        assertThrows(IllegalArgumentException.class, () -> Fault.down().direction(Direction.UP));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable parse) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, parse);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
