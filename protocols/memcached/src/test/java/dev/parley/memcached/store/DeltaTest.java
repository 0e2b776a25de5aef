package dev.parley.memcached.store;

import static dev.parley.memcached.store.StoreTestSupport.assertValue;
import static dev.parley.memcached.store.StoreTestSupport.bytes;
import static dev.parley.memcached.store.StoreTestSupport.storeWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DeltaTest {

    private static final String MAX = "18446744073709551615";

    private final ManualClock clock = new ManualClock();
    private final ItemStore store = storeWith(clock);

    @Test
    void incrAddsAndStoresDecimalDigits() {
        store.set("n", 0, 0, bytes("41"));

        DeltaResult result = store.incr("n", 1);

        assertEquals(DeltaResult.Status.UPDATED, result.status());
        assertEquals(42, result.value());
        assertEquals("42", result.valueString());
        assertValue(store, "n", "42");
    }

    @Test
    void incrGrowsTheNumberOfDigits() {
        store.set("n", 0, 0, bytes("99"));

        assertEquals("100", store.incr("n", 1).valueString());
        assertValue(store, "n", "100");
    }

    @Test
    void incrWrapsAroundAtTwoToTheSixtyFour() {
        store.set("n", 0, 0, bytes(MAX));

        assertEquals("0", store.incr("n", 1).valueString());
        assertValue(store, "n", "0" + " ".repeat(19)); // memcached rewrites in place, keeping the length
    }

    @Test
    void incrByMaxDeltaWrapsToOneBelow() {
        store.set("n", 0, 0, bytes("5"));

        assertEquals("4", store.incr("n", UnsignedLongs.parseUnsigned64(MAX)).valueString());
    }

    @Test
    void incrHandlesTwentyDigitValues() {
        store.set("n", 0, 0, bytes("10000000000000000000"));

        assertEquals("10000000000000000001", store.incr("n", 1).valueString());
        assertEquals("18446744073709551614", store.incr("n", 8446744073709551613L).valueString());
    }

    @Test
    void decrKeepsTheLengthAndPadsWithSpacesAsMemcached() {
        store.set("n", 0, 0, bytes("100"));

        assertEquals("99", store.decr("n", 1).valueString());
        assertValue(store, "n", "99 ");
    }

    @Test
    void decrBelowZeroStopsAtZero() {
        store.set("n", 0, 0, bytes("5"));

        assertEquals(0, store.decr("n", 6).value());
        assertValue(store, "n", "0");
        assertEquals(0, store.decr("n", 1).value());
        store.set("m", 0, 0, bytes("15"));
        store.decr("m", 100);
        assertValue(store, "m", "0 ");
    }

    @Test
    void decrOfHugeValueByHugeDeltaTreatsBothAsUnsigned() {
        store.set("n", 0, 0, bytes(MAX));

        assertEquals("1", store.decr("n", UnsignedLongs.parseUnsigned64("18446744073709551614")).valueString());
        assertEquals("0", store.decr("n", UnsignedLongs.parseUnsigned64(MAX)).valueString(),
                "a delta above 2^63 must not be read as negative");
    }

    @Test
    void missingOrExpiredKeyIsNotFound() {
        assertSame(DeltaResult.Status.NOT_FOUND, store.incr("n", 1).status());
        store.set("n", 0, 1, bytes("1"));
        clock.advanceSeconds(1);
        assertSame(DeltaResult.Status.NOT_FOUND, store.decr("n", 1).status());
        assertNull(store.get("n"), "incr does not create items");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "12a", "-1", "- 1", "+", " ", "1.5", "18446744073709551616",
        "99999999999999999999", "123456789012345678901"})
    void nonNumericValueIsRejectedAndLeftAlone(String value) {
        store.set("n", 0, 0, bytes(value));

        DeltaResult result = store.incr("n", 1);

        assertEquals(DeltaResult.Status.NON_NUMERIC, result.status());
        assertFalse(result.isUpdated());
        assertThrows(IllegalStateException.class, result::value);
        assertValue(store, "n", value);
        assertEquals(DeltaResult.Status.NON_NUMERIC, store.decr("n", 1).status());
    }

    @Test
    void nonNumericMessageIsTheOneMemcachedSends() {
        assertEquals("cannot increment or decrement non-numeric value", DeltaResult.NON_NUMERIC_MESSAGE);
    }

    @Test
    void leadingZerosSignsAndWhiteSpaceAreNumericAsInMemcached() {
        store.set("zeros", 0, 0, bytes("0000000000000000000000007"));
        store.set("padded", 0, 0, bytes("9  "));
        store.set("signed", 0, 0, bytes("+1"));
        store.set("minusZero", 0, 0, bytes("-0"));
        store.set("leading", 0, 0, bytes(" 1"));
        store.set("trailing", 0, 0, bytes("5 abc"));

        assertEquals("8", store.incr("zeros", 1).valueString());
        assertValue(store, "zeros", "8" + " ".repeat(24));
        assertEquals("10", store.incr("padded", 1).valueString());
        assertValue(store, "padded", "10 ");
        assertEquals("2", store.incr("signed", 1).valueString());
        assertValue(store, "signed", "2 ");
        assertEquals("1", store.incr("minusZero", 1).valueString());
        assertEquals("2", store.incr("leading", 1).valueString());
        assertEquals("6", store.incr("trailing", 1).valueString());
        assertValue(store, "trailing", "6    ");
    }

    @Test
    void deltaKeepsFlagsAndExpiryAndBumpsCas() {
        store.set("n", 77, 30, bytes("1"));
        Item before = store.get("n");

        store.incr("n", 1);

        Item after = store.get("n");
        assertEquals(77, after.flags());
        assertEquals(before.expiresAtMillis(), after.expiresAtMillis());
        assertEquals(before.cas() + 1, after.cas());
    }

    @Test
    void accountedBytesFollowTheValueLength() {
        store.set("n", 0, 0, bytes("9"));
        long before = store.stats().bytes();

        store.incr("n", 1);

        assertEquals(before + 1, store.stats().bytes());
    }
}
