package dev.parley.memcached.store;

import static dev.parley.memcached.store.StoreTestSupport.bytes;
import static dev.parley.memcached.store.StoreTestSupport.storeWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ExpiryTest {

    private static final long THIRTY_DAYS = 60L * 60 * 24 * 30;

    private final ManualClock clock = new ManualClock();
    private final ItemStore store = storeWith(clock);

    @Test
    void zeroNeverExpires() {
        store.set("k", 0, 0, bytes("v"));
        clock.advanceSeconds(10 * THIRTY_DAYS);

        assertNotNull(store.get("k"));
    }

    @Test
    void relativeExptimeExpiresExactlyThatManySecondsLater() {
        store.set("k", 0, 10, bytes("v"));

        clock.advanceMillis(9_999);
        assertNotNull(store.get("k"));
        clock.advanceMillis(1);
        assertNull(store.get("k"));
    }

    @Test
    void thirtyDaysIsStillRelative() {
        store.set("k", 0, THIRTY_DAYS, bytes("v"));

        clock.advanceSeconds(THIRTY_DAYS - 1);
        assertNotNull(store.get("k"));
        clock.advanceSeconds(1);
        assertNull(store.get("k"));
    }

    @Test
    void moreThanThirtyDaysIsAnAbsoluteUnixTime() {
        long inOneHour = clock.unixSeconds() + 3600;
        store.set("k", 0, inOneHour, bytes("v"));

        assertEquals(inOneHour * 1000, store.get("k").expiresAtMillis());
        clock.advanceSeconds(3599);
        assertNotNull(store.get("k"));
        clock.advanceSeconds(1);
        assertNull(store.get("k"));
    }

    @Test
    void absoluteTimeInThePastIsAlreadyExpired() {
        assertEquals(StoreResult.STORED, store.set("k", 0, THIRTY_DAYS + 1, bytes("v")));

        assertNull(store.get("k"), "30 days + 1 s is a Unix time in January 1970");
    }

    @Test
    void negativeExptimeIsStoredButImmediatelyExpiredAndRemovesTheOldItem() {
        store.set("k", 0, 0, bytes("old"));

        assertEquals(StoreResult.STORED, store.set("k", 0, -1, bytes("new")));

        assertNull(store.get("k"));
        assertEquals(0, store.stats().currItems());
        assertEquals(0, store.stats().bytes());
    }

    @Test
    void addWithNegativeExptimeLeavesNothingBehind() {
        assertEquals(StoreResult.STORED, store.add("k", 0, -1, bytes("v")));
        assertEquals(StoreResult.STORED, store.add("k", 0, 0, bytes("w")));
        assertEquals("w", StoreTestSupport.text(store.get("k")));
    }

    @Test
    void touchExtendsLifeOfAnItemAboutToExpire() {
        store.set("k", 0, 10, bytes("v"));
        clock.advanceSeconds(9);

        store.touch("k", 10);
        clock.advanceSeconds(9);

        assertNotNull(store.get("k"));
        clock.advanceSeconds(1);
        assertNull(store.get("k"));
    }

    @Test
    void getAndTouchExtendsLife() {
        store.set("k", 0, 10, bytes("v"));
        clock.advanceSeconds(9);

        assertNotNull(store.getAndTouch(100, "k"));
        clock.advanceSeconds(99);

        assertNotNull(store.get("k"));
    }

    @Test
    void expiredItemsFreeTheirMemoryWhenTouchedLazily() {
        store.set("k", 0, 1, bytes("value"));
        assertEquals(1, store.stats().currItems());
        clock.advanceSeconds(1);

        assertNull(store.get("k"));

        assertEquals(0, store.stats().currItems());
        assertEquals(0, store.stats().bytes());
    }

    @Test
    void expiryConversionFollowsTheProtocol() {
        long now = ManualClock.START_MILLIS;
        assertEquals(Item.NEVER_EXPIRES, Expiry.toAbsoluteMillis(0, now));
        assertEquals(Expiry.ALREADY_EXPIRED, Expiry.toAbsoluteMillis(-5, now));
        assertEquals(now + 1000, Expiry.toAbsoluteMillis(1, now));
        assertEquals((THIRTY_DAYS + 1) * 1000, Expiry.toAbsoluteMillis(THIRTY_DAYS + 1, now));
        assertEquals(Long.MAX_VALUE, Expiry.toAbsoluteMillis(Long.MAX_VALUE, now));
    }
}
