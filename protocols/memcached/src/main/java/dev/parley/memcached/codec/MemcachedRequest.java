package dev.parley.memcached.codec;

import dev.parley.codec.spi.PlainMessage;
import dev.parley.codec.spi.Request;

import java.util.List;
import java.util.Objects;

/**
 * One memcached command line as the server reads it: the command name, its tokens and, for a storage command, the
 * length of the data block that follows (its {@code <bytes>} token). Immutable.
 */
public final class MemcachedRequest extends PlainMessage implements Request {

    private final String verb;
    private final List<String> args;
    private final long bodyLength;
    private final boolean bodySkipped;

    private MemcachedRequest(String verb, List<String> args, long bodyLength, boolean bodySkipped) {
        this.verb = Objects.requireNonNull(verb, "verb");
        this.args = args;
        this.bodyLength = bodyLength;
        this.bodySkipped = bodySkipped;
    }

    /**
     * Returns a command without a data block.
     *
     * @param verb the command name, as sent
     * @param args the tokens after it
     * @return the request
     */
    public static MemcachedRequest of(String verb, String... args) {
        return new MemcachedRequest(verb, List.of(args), -1, false);
    }

    /**
     * Returns a command without a data block.
     *
     * @param verb the command name, as sent
     * @param args the tokens after it; an immutable list is kept as it is
     * @return the request
     */
    public static MemcachedRequest of(String verb, List<String> args) {
        return new MemcachedRequest(verb, List.copyOf(args), -1, false);
    }

    /**
     * Returns a storage command whose data block follows.
     *
     * @param verb the command name
     * @param args the tokens after it
     * @param bodyLength the data block's length, {@code >= 0}
     * @return the request
     */
    public static MemcachedRequest withBody(String verb, List<String> args, long bodyLength) {
        if (bodyLength < 0) {
            throw new IllegalArgumentException("bodyLength: " + bodyLength + " (expected: >= 0)");
        }
        return new MemcachedRequest(verb, List.copyOf(args), bodyLength, false);
    }

    /**
     * Returns a storage command whose data block was over the item size limit and has been skipped by the framing:
     * no body follows, and the command answers {@code SERVER_ERROR object too large for cache} after checking its
     * line, as memcached does.
     *
     * @param verb the command name
     * @param args the tokens after it
     * @return the request, with {@link #bodySkipped()} set
     */
    public static MemcachedRequest withSkippedBody(String verb, List<String> args) {
        return new MemcachedRequest(verb, List.copyOf(args), -1, true);
    }

    /** @return whether this command's data block was too large and skipped (see {@link #withSkippedBody}) */
    public boolean bodySkipped() {
        return bodySkipped;
    }

    @Override
    public String verb() {
        return verb;
    }

    @Override
    public List<String> args() {
        return args;
    }

    /**
     * Returns one token after the command name.
     *
     * @param index zero-based
     * @return the token
     * @throws IndexOutOfBoundsException if there is none
     */
    public String arg(int index) {
        return args.get(index);
    }

    @Override
    public long bodyLength() {
        return bodyLength;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemcachedRequest && verb.equals(((MemcachedRequest) o).verb)
                && args.equals(((MemcachedRequest) o).args) && bodyLength == ((MemcachedRequest) o).bodyLength
                && bodySkipped == ((MemcachedRequest) o).bodySkipped;
    }

    @Override
    public int hashCode() {
        return Objects.hash(verb, args, bodyLength);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(verb);
        for (String a : args) {
            sb.append(' ').append(a);
        }
        if (bodySkipped) {
            return sb.append(" [skipped]").toString();
        }
        return bodyLength < 0 ? sb.toString() : sb.append(" [").append(bodyLength).append(" bytes]").toString();
    }
}
