package dev.parley.memcached.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "user:42", "~!@#$%^&*()_+{}|:\"<>?", "caf\u00e9", "\u00ff"})
    void acceptsPrintableKeys(String key) {
        assertTrue(Keys.isValid(key));
        byte[] bytes = key.getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(Keys.isValid(bytes, 0, bytes.length));
        assertEquals(key, Keys.validate(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a\tb", "a\r", "\n", "a\u0000", "a\u007f", "\u0100"})
    void rejectsEmptyWhitespaceControlAndNonByteChars(String key) {
        assertFalse(Keys.isValid(key));
        assertThrows(IllegalArgumentException.class, () -> Keys.validate(key));
    }

    @Test
    void lengthLimitIs250Bytes() {
        String longest = "x".repeat(250);
        assertTrue(Keys.isValid(longest));
        assertFalse(Keys.isValid(longest + "x"));

        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> Keys.validate(longest + "x"));
        assertEquals("key length: 251 (expected: 1-250)", error.getMessage());
    }

    @Test
    void byteValidationRespectsOffsetAndLength() {
        byte[] line = "get a b\r\n".getBytes(StandardCharsets.US_ASCII);

        assertTrue(Keys.isValid(line, 4, 1));
        assertFalse(Keys.isValid(line, 4, 2));
        assertFalse(Keys.isValid(line, 6, 0));
        assertFalse(Keys.isValid(new byte[251], 0, 251));
        assertFalse(Keys.isValid((CharSequence) null));
    }

    @Test
    void errorNamesTheOffendingChar() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Keys.validate("ab c"));
        assertEquals("key char at index 2: 0x20 (expected: 0x21-0x7e or 0x80-0xff)", error.getMessage());
    }
}
