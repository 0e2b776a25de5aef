package dev.parley.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses byte sizes: a number with an optional binary suffix, {@code k}, {@code m} or {@code g} (also {@code kb},
 * {@code mib}, ...), case-insensitive: {@code 64m} is 64 MiB.
 */
public final class SizeConverter implements ITypeConverter<Long> {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]?)(i?b)?");

    @Override
    public Long convert(String value) {
        return parse(value);
    }

    /**
     * Parses a size.
     *
     * @param value for example {@code 64m}, {@code 512k}, {@code 1048576}
     * @return the size in bytes
     * @throws TypeConversionException if the text is not a size
     */
    public static long parse(String value) {
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a size (expected e.g. 64m, 512k, 1g, 1048576)");
        }
        long n = Long.parseLong(m.group(1));
        int shift;
        switch (m.group(2)) {
            case "k": shift = 10; break;
            case "m": shift = 20; break;
            case "g": shift = 30; break;
            default: shift = 0;
        }
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new TypeConversionException("'" + value + "' is too large");
        }
        return n << shift;
    }
}
