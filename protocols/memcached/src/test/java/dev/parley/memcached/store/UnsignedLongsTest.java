package dev.parley.memcached.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.SplittableRandom;
import java.nio.charset.StandardCharsets;
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

    /** Seeded generated cases (the seed is in every failure message, for replay). */
    private static final long SEED = 0x64B17L;

    private static BigInteger randomBelow(SplittableRandom random, BigInteger bound) {
        BigInteger n;
        do {
            n = new BigInteger(bound.bitLength(), new java.util.Random(random.nextLong()));
        } while (n.compareTo(bound) >= 0);
        return n;
    }

    @Test
    void parseAgreesWithBigIntegerInRange() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 2000; i++) {
            BigInteger n = randomBelow(random, TWO_TO_64);
            assertEquals(n, new BigInteger(Long.toUnsignedString(UnsignedLongs.parseUnsigned64(n.toString()))),
                    "seed " + SEED);
        }
    }

    @Test
    void parseRejectsEverythingAboveTheRange() {
        SplittableRandom random = new SplittableRandom(SEED);
        BigInteger span = new BigInteger("999999999999999999999999").subtract(TWO_TO_64);
        for (int i = 0; i < 1000; i++) {
            BigInteger n = TWO_TO_64.add(randomBelow(random, span));
            assertThrows(NumberFormatException.class, () -> UnsignedLongs.parseUnsigned64(n.toString()),
                    "seed " + SEED + ": " + n);
        }
    }

    @Test
    void parseAcceptsExactlyTheDigitStringsThatFit() {
        SplittableRandom random = new SplittableRandom(SEED);
        String alphabet = "0123456789 -+x\u00e9";
        for (int i = 0; i < 3000; i++) {
            int length = random.nextInt(25);
            StringBuilder sb = new StringBuilder(length);
            for (int c = 0; c < length; c++) {
                sb.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : (char) ('0' + random.nextInt(10)));
            }
            String text = sb.toString();
            boolean digitsOnly = !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
            boolean fits = digitsOnly && new BigInteger(text).compareTo(TWO_TO_64) < 0;
            if (fits) {
                assertEquals(new BigInteger(text).longValue(), UnsignedLongs.parseUnsigned64(text), "seed " + SEED);
            } else {
                assertThrows(NumberFormatException.class, () -> UnsignedLongs.parseUnsigned64(text),
                        "seed " + SEED + ": " + text);
            }
        }
    }

    @Test
    void incrAndDecrMatchModularAndFlooredArithmetic() {
        SplittableRandom random = new SplittableRandom(SEED);
        ItemStore store = ItemStore.create(StoreOptions.builder().segments(1).build());
        for (int i = 0; i < 1000; i++) {
            BigInteger start = randomBelow(random, TWO_TO_64);
            BigInteger delta = randomBelow(random, TWO_TO_64);
            byte[] value = start.toString().getBytes(StandardCharsets.US_ASCII);
            store.set("a", 0, 0, value);
            store.set("b", 0, 0, value.clone());

            DeltaResult incremented = store.incr("a", delta.longValue());
            DeltaResult decremented = store.decr("b", delta.longValue());

            assertEquals(start.add(delta).mod(TWO_TO_64).toString(), incremented.valueString(), "seed " + SEED);
            assertEquals(start.subtract(delta).max(BigInteger.ZERO).toString(), decremented.valueString(),
                    "seed " + SEED);
        }
    }
}
