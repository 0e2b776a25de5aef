package dev.parley.memcached.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnsignedLongsTest {

    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    @Test
    void parsesTheWholeUnsignedRange() {
        assertEquals(0, UnsignedLongs.parseUnsigned64("0"));
        assertEquals(Long.MAX_VALUE, UnsignedLongs.parseUnsigned64("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, UnsignedLongs.parseUnsigned64("9223372036854775808"));
        assertEquals(-1L, UnsignedLongs.parseUnsigned64("18446744073709551615"));
        assertEquals(7, UnsignedLongs.parseUnsigned64("000000000000000000000000007"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "+1", " 1", "1 ", "1a", "0x10", "1e3", "18446744073709551616",
        "99999999999999999999", "100000000000000000000", "\u0661"})
    void rejectsBadInput(String text) {
        NumberFormatException error =
                assertThrows(NumberFormatException.class, () -> UnsignedLongs.parseUnsigned64(text));
        assertEquals(true, error.getMessage().startsWith("unsigned 64-bit number: "), error.getMessage());
    }

    @Test
    void overflowMessageStatesTheBound() {
        NumberFormatException error = assertThrows(NumberFormatException.class,
                () -> UnsignedLongs.parseUnsigned64("18446744073709551616"));
        assertEquals("unsigned 64-bit number: 18446744073709551616 (expected: <= 18446744073709551615)",
                error.getMessage());
    }

    @Test
    void byteOverloadHonoursOffsetAndLength() {
        byte[] line = "incr k 12345 noreply".getBytes(StandardCharsets.US_ASCII);

        assertEquals(12345, UnsignedLongs.parseUnsigned64(line, 7, 5));
        assertThrows(NumberFormatException.class, () -> UnsignedLongs.parseUnsigned64(line, 7, 6));
    }

    @Test
    void printsAsUnsigned() {
        assertArrayEquals("0".getBytes(StandardCharsets.US_ASCII), UnsignedLongs.toAscii(0));
        assertArrayEquals("18446744073709551615".getBytes(StandardCharsets.US_ASCII), UnsignedLongs.toAscii(-1L));
    }

    @Property
    void parseAgreesWithBigIntegerInRange(@ForAll @BigRange(min = "0", max = "18446744073709551615") BigInteger n) {
        assertEquals(n, new BigInteger(Long.toUnsignedString(UnsignedLongs.parseUnsigned64(n.toString()))));
    }

    @Property
    void parseRejectsEverythingAboveTheRange(
            @ForAll @BigRange(min = "18446744073709551616", max = "999999999999999999999999") BigInteger n) {
        assertThrows(NumberFormatException.class, () -> UnsignedLongs.parseUnsigned64(n.toString()));
    }

    @Property
    void parseAcceptsExactlyTheDigitStringsThatFit(@ForAll @StringLength(max = 24) String text) {
        boolean digitsOnly = !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
        boolean fits = digitsOnly && new BigInteger(text).compareTo(TWO_TO_64) < 0;
        if (fits) {
            assertEquals(new BigInteger(text).longValue(), UnsignedLongs.parseUnsigned64(text));
        } else {
            assertThrows(NumberFormatException.class, () -> UnsignedLongs.parseUnsigned64(text));
        }
    }

    @Property
    void incrAndDecrMatchModularAndFlooredArithmetic(
            @ForAll @BigRange(min = "0", max = "18446744073709551615") BigInteger start,
            @ForAll @BigRange(min = "0", max = "18446744073709551615") BigInteger delta) {
        ItemStore store = ItemStore.create(StoreOptions.builder().segments(1).build());
        byte[] value = start.toString().getBytes(StandardCharsets.US_ASCII);
        store.set("a", 0, 0, value);
        store.set("b", 0, 0, value.clone());

        DeltaResult incremented = store.incr("a", delta.longValue());
        DeltaResult decremented = store.decr("b", delta.longValue());

        assertEquals(start.add(delta).mod(TWO_TO_64).toString(), incremented.valueString());
        assertEquals(start.subtract(delta).max(BigInteger.ZERO).toString(), decremented.valueString());
    }
}
