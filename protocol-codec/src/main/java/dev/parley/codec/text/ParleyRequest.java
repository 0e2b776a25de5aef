package dev.parley.codec.text;

import dev.parley.codec.spi.PlainMessage;
import dev.parley.codec.spi.Request;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A request line of the Parley text protocol v1: {@code <verb> [<arg> ...] [{<n>}]}. Immutable.
 *
 * <p>When {@link #bodyLength()} is {@code >= 0}, exactly that many raw bytes follow the line: inbound they arrive
 * as {@link dev.parley.codec.framing.BlockChunk}s after this message; outbound the sender writes them (as
 * {@code ByteBuf}s or a {@code FileRegion}) right after it.
 */
public final class ParleyRequest extends PlainMessage implements Request {

    private final String verb;
    private final List<String> args;
    private final long bodyLength;

    private ParleyRequest(String verb, List<String> args, long bodyLength) {
        this.verb = verb;
        this.args = args;
        this.bodyLength = bodyLength;
    }

    /**
     * Creates a request without a body.
     *
     * @param verb the verb; case-insensitive, stored in lower case
     * @param args the arguments
     * @return the request
     * @throws IllegalArgumentException if the verb is empty or not a bare ASCII word
     */
    public static ParleyRequest of(String verb, String... args) {
        return new ParleyRequest(checkVerb(verb), List.of(args), -1);
    }

    /**
     * Creates a request without a body.
     *
     * @param verb the verb; case-insensitive, stored in lower case
     * @param args the arguments
     * @return the request
     * @throws IllegalArgumentException if the verb is empty or not a bare ASCII word
     */
    public static ParleyRequest of(String verb, List<String> args) {
        return new ParleyRequest(checkVerb(verb), List.copyOf(args), -1);
    }

    /**
     * Creates a request announcing a raw body of {@code bodyLength} bytes.
     *
     * @param verb the verb
     * @param args the arguments
     * @param bodyLength the body length, {@code >= 0}
     * @return the request
     * @throws IllegalArgumentException if the verb is malformed or the length negative
     */
    public static ParleyRequest withBody(String verb, List<String> args, long bodyLength) {
        if (bodyLength < 0) {
            throw new IllegalArgumentException("bodyLength: " + bodyLength + " (expected: >= 0)");
        }
        return new ParleyRequest(checkVerb(verb), List.copyOf(args), bodyLength);
    }

    /** Used by the decoder, which has validated and lower-cased already. */
    static ParleyRequest decoded(String verb, List<String> args, long bodyLength) {
        return new ParleyRequest(verb, args, bodyLength);
    }

    private static String checkVerb(String verb) {
        Objects.requireNonNull(verb, "verb");
        if (!isVerb(verb)) {
            throw new IllegalArgumentException("verb: \"" + verb + "\" (expected: a word of ASCII letters, digits, "
                    + "'_', '-', '.')");
        }
        return verb.toLowerCase(Locale.ROOT);
    }

    static boolean isVerb(CharSequence verb) {
        if (verb.length() == 0) {
            return false;
        }
        for (int i = 0; i < verb.length(); i++) {
            char c = verb.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '_' || c == '-' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** @return the verb, in lower case */
    public String verb() {
        return verb;
    }

    /** @return the arguments, unmodifiable */
    public List<String> args() {
        return args;
    }

    /**
     * Returns one argument.
     *
     * @param index zero-based
     * @return the argument
     * @throws IndexOutOfBoundsException if there is no such argument
     */
    public String arg(int index) {
        return args.get(index);
    }

    /** @return the announced body length, or {@code -1} for none */
    public long bodyLength() {
        return bodyLength;
    }

    /** @return whether a raw body follows the line */
    public boolean hasBody() {
        return bodyLength >= 0;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ParleyRequest)) {
            return false;
        }
        ParleyRequest r = (ParleyRequest) o;
        return verb.equals(r.verb) && args.equals(r.args) && bodyLength == r.bodyLength;
    }

    @Override
    public int hashCode() {
        return Objects.hash(verb, args, bodyLength);
    }

    /** @return the request as written on the wire, without the line end */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(verb);
        for (String a : args) {
            sb.append(' ').append(ParleyText.quote(a));
        }
        if (bodyLength >= 0) {
            sb.append(" {").append(bodyLength).append('}');
        }
        return sb.toString();
    }
}
