package dev.parley.memcached.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyPolicyTest {

    /** memcaslap's key shape: eight 0x10 bytes, then text. */
    private static final String MEMCASLAP_KEY = "\u0010".repeat(8) + "abc";

    @Test
    void strictIsTheDefault() {
        assertSame(KeyPolicy.STRICT, StoreOptions.defaults().keyPolicy());
        assertSame(KeyPolicy.STRICT, StoreOptions.DEFAULT_KEY_POLICY);
    }

    @Test
    void memcaslapKeyIsRejectedWhenStrictAndAcceptedWhenLenient() {
        assertFalse(KeyPolicy.STRICT.isValid(MEMCASLAP_KEY));
        assertEquals("key char at index 0: 0x10 (expected: 0x21-0x7e or 0x80-0xff)",
                assertThrows(IllegalArgumentException.class, () -> KeyPolicy.STRICT.validate(MEMCASLAP_KEY))
                        .getMessage());

        assertTrue(KeyPolicy.MEMCACHED_COMPATIBLE.isValid(MEMCASLAP_KEY));
        assertEquals(MEMCASLAP_KEY, KeyPolicy.MEMCACHED_COMPATIBLE.validate(MEMCASLAP_KEY));
        byte[] bytes = MEMCASLAP_KEY.getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(KeyPolicy.MEMCACHED_COMPATIBLE.isValid(bytes, 0, bytes.length));
        assertFalse(KeyPolicy.STRICT.isValid(bytes, 0, bytes.length));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\tb", "\u0001", "a\u007f", "\u001b[0m", "\u00ff\u0080"})
    void lenientAcceptsControlBytesOtherThanTheSeparators(String key) {
        assertTrue(KeyPolicy.MEMCACHED_COMPATIBLE.isValid(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a\r", "\nb", "a\u0000", "\u0100"})
    void lenientRejectsSpaceCrLfNulAndNonByteChars(String key) {
        assertFalse(KeyPolicy.MEMCACHED_COMPATIBLE.isValid(key));
        assertThrows(IllegalArgumentException.class, () -> KeyPolicy.MEMCACHED_COMPATIBLE.validate(key));
    }

    @Test
    void bothPoliciesLimitKeysTo250Bytes() {
        for (KeyPolicy policy : KeyPolicy.values()) {
            assertTrue(policy.isValid("\u0010".repeat(250).replace('\u0010', 'x')));
            assertFalse(policy.isValid("x".repeat(251)));
            assertFalse(policy.isValid((CharSequence) null));
            assertEquals("key length: 251 (expected: 1-250)",
                    assertThrows(IllegalArgumentException.class, () -> policy.validate("x".repeat(251)))
                            .getMessage());
        }
        assertTrue(KeyPolicy.MEMCACHED_COMPATIBLE.isValid("\u0010".repeat(250)));
    }

    @Test
    void lenientErrorNamesTheOffendingChar() {
        assertEquals("key char at index 1: 0x20 (expected: any byte but space, CR, LF or NUL)",
                assertThrows(IllegalArgumentException.class, () -> KeyPolicy.MEMCACHED_COMPATIBLE.validate("a b"))
                        .getMessage());
    }

    @Test
    void byNameTakesTheCommandLineNamesAndTheConstantNames() {
        assertSame(KeyPolicy.STRICT, KeyPolicy.byName("strict"));
        assertSame(KeyPolicy.MEMCACHED_COMPATIBLE, KeyPolicy.byName("lenient"));
        assertSame(KeyPolicy.MEMCACHED_COMPATIBLE, KeyPolicy.byName("LENIENT"));
        assertSame(KeyPolicy.MEMCACHED_COMPATIBLE, KeyPolicy.byName("memcached_compatible"));
        assertEquals("lenient", KeyPolicy.MEMCACHED_COMPATIBLE.optionName());
        assertEquals("key policy: loose (expected: strict or lenient)",
                assertThrows(IllegalArgumentException.class, () -> KeyPolicy.byName("loose")).getMessage());
    }

    @Test
    void storeEnforcesItsPolicy() {
        ItemStore strict = ItemStore.create();
        assertThrows(IllegalArgumentException.class, () -> strict.set(MEMCASLAP_KEY, 0, 0, new byte[] {1}));

        ItemStore lenient = ItemStore.create(StoreOptions.builder().keyPolicy(KeyPolicy.MEMCACHED_COMPATIBLE).build());
        assertEquals(StoreResult.STORED, lenient.set(MEMCASLAP_KEY, 0, 0, new byte[] {1}));
        assertEquals(MEMCASLAP_KEY, lenient.get(MEMCASLAP_KEY).key());
        assertThrows(IllegalArgumentException.class, () -> lenient.get("a b"));
    }
}
