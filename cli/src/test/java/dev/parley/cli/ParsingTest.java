package dev.parley.cli;

import dev.parley.memcached.store.KeyPolicy;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParsingTest {

    @Test
    void durations() {
        assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
        assertEquals(Duration.ofSeconds(5), DurationConverter.parse("5s"));
        assertEquals(Duration.ofMinutes(2), DurationConverter.parse("2m"));
        assertEquals(Duration.ofHours(1), DurationConverter.parse("1h"));
        assertEquals(Duration.ofSeconds(3), DurationConverter.parse("PT3S"));
        assertThrows(TypeConversionException.class, () -> DurationConverter.parse("soon"));
        assertThrows(TypeConversionException.class, () -> DurationConverter.parse("5 parsecs"));
    }

    @Test
    void sizes() {
        assertEquals(64L << 20, SizeConverter.parse("64m"));
        assertEquals(64L << 20, SizeConverter.parse("64MiB"));
        assertEquals(512L << 10, SizeConverter.parse("512k"));
        assertEquals(1L << 30, SizeConverter.parse("1G"));
        assertEquals(1048576L, SizeConverter.parse("1048576"));
        assertThrows(TypeConversionException.class, () -> SizeConverter.parse("lots"));
        assertThrows(TypeConversionException.class, () -> SizeConverter.parse("99999999999999999g"));
    }

    @Test
    void memcachedKeyPolicyDefaultsToStrictAndTakesLenient() {
        MemcachedCommand defaults = new MemcachedCommand();
        new picocli.CommandLine(defaults).parseArgs();
        assertEquals(KeyPolicy.STRICT, defaults.keys);

        MemcachedCommand lenient = new MemcachedCommand();
        new picocli.CommandLine(lenient).parseArgs("--keys", "lenient");
        assertEquals(KeyPolicy.MEMCACHED_COMPATIBLE, lenient.keys);

        assertThrows(TypeConversionException.class, () -> new MemcachedCommand.KeyPolicyConverter().convert("loose"));
    }

    @Test
    void targets() {
        assertEquals(new HostPort("localhost", 7777, null), HostPort.parse("localhost", 7777));
        assertEquals(new HostPort("10.0.0.5", 9000, null), HostPort.parse("10.0.0.5:9000", 7777));
        assertEquals(new HostPort("::1", 7777, null), HostPort.parse("[::1]", 7777));
        assertEquals(new HostPort("::1", 8000, null), HostPort.parse("[::1]:8000", 7777));
        assertThrows(TypeConversionException.class, () -> HostPort.parse(":7777", 7777));
        assertThrows(TypeConversionException.class, () -> HostPort.parse("host:http", 7777));
        assertThrows(TypeConversionException.class, () -> HostPort.parse("host:0", 7777));
    }

    @Test
    void targetsWithRemotePaths() {
        assertEquals(new HostPort("dev", 7777, "/logs/a.txt"), HostPort.parseWithPath("dev:/logs/a.txt", 7777));
        assertEquals(new HostPort("dev", 9000, "/logs/a.txt"), HostPort.parseWithPath("dev:9000:/logs/a.txt", 7777));
        assertEquals(new HostPort("dev", 7777, "notes.txt"), HostPort.parseWithPath("dev:notes.txt", 7777));
        assertEquals(new HostPort("::1", 7777, "/x"), HostPort.parseWithPath("[::1]:/x", 7777));
        assertThrows(TypeConversionException.class, () -> HostPort.parseWithPath("dev", 7777));
        assertThrows(TypeConversionException.class, () -> HostPort.parseWithPath("dev:9000", 7777));
        assertNull(HostPort.parse("dev", 1).path());
    }
}
