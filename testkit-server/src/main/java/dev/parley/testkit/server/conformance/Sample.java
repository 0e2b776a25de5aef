package dev.parley.testkit.server.conformance;

import dev.parley.testkit.ByteStrings;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One exchange of a protocol for the conformance suite: the bytes of one or more requests as a client sends them,
 * and the bytes the server answers them with. Immutable.
 * <pre>{@code
 * Sample.of("set k 0 0 1\r\nx\r\n", "STORED\r\n")
 * }</pre>
 */
public final class Sample {

    private final String name;
    private final byte[] request;
    private final byte[] reply;

    private Sample(String name, byte[] request, byte[] reply) {
        this.name = name;
        this.request = request;
        this.reply = reply;
    }

    /**
     * Returns a sample of UTF-8 text, named after its request.
     *
     * @param request what the client sends, line terminators included; not empty
     * @param reply what the server answers, exactly
     * @return the sample
     * @throws IllegalArgumentException if {@code request} is empty
     */
    public static Sample of(String request, String reply) {
        return of(request.getBytes(StandardCharsets.UTF_8), reply.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns a sample of bytes, named after its request.
     *
     * @param request what the client sends; not empty; copied
     * @param reply what the server answers, exactly; copied
     * @return the sample
     * @throws IllegalArgumentException if {@code request} is empty
     */
    public static Sample of(byte[] request, byte[] reply) {
        if (request.length == 0) {
            throw new IllegalArgumentException("request: empty (expected: at least one byte)");
        }
        return new Sample(ByteStrings.escape(request), request.clone(), reply.clone());
    }

    /**
     * Returns this sample under another name, for failure messages.
     *
     * @param name a short description
     * @return a new sample with the same bytes
     */
    public Sample named(String name) {
        return new Sample(Objects.requireNonNull(name, "name"), request, reply);
    }

    /** @return the name failure messages use */
    public String name() {
        return name;
    }

    /** @return a copy of the request bytes */
    public byte[] request() {
        return request.clone();
    }

    /** @return a copy of the reply bytes */
    public byte[] reply() {
        return reply.clone();
    }

    /** @return the reply decoded as UTF-8 */
    public String replyText() {
        return new String(reply, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return name;
    }
}
