package dev.parley.codec.text;

import dev.parley.codec.spi.PlainMessage;
import dev.parley.codec.spi.ReplyMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A server line of the Parley text protocol v1. Immutable. Four kinds:
 * <pre>
 * HELLO parley/1 &lt;service&gt; [key=value ...]   greeting, once, on connect
 * OK [&lt;arg&gt; ...] [{&lt;n&gt;}]                  success; n raw bytes follow when {n} is given
 * ERR &lt;CODE&gt; [&lt;message&gt;]                   failure
 * BYE &lt;CODE&gt; [&lt;message&gt;]                   the server closes the connection after this line
 * </pre>
 * The message of {@code ERR} and {@code BYE} is free text to the end of the line.
 */
public final class ParleyReply extends PlainMessage implements ReplyMessage {

    /** The protocol token of this version, the first argument of {@code HELLO}. */
    public static final String PROTOCOL_VERSION = "parley/1";

    /** The kind of line. */
    public enum Kind {
        /** The greeting. */
        HELLO,
        /** A success. */
        OK,
        /** A failure with an {@link ErrorCode}. */
        ERR,
        /** The server's last line before it closes. */
        BYE
    }

    /** {@code OK} with no arguments. */
    public static final ParleyReply OK = new ParleyReply(Kind.OK, List.of(), null, "", -1);
    /** {@code OK pong}, the answer to {@code ping}. */
    public static final ParleyReply PONG = new ParleyReply(Kind.OK, List.of("pong"), null, "", -1);

    private final Kind kind;
    private final List<String> args;
    private final ErrorCode code;
    private final String message;
    private final long bodyLength;

    private ParleyReply(Kind kind, List<String> args, ErrorCode code, String message, long bodyLength) {
        this.kind = kind;
        this.args = args;
        this.code = code;
        this.message = message;
        this.bodyLength = bodyLength;
    }

    /**
     * Returns {@code OK} with arguments.
     *
     * @param args the arguments
     * @return the reply
     */
    public static ParleyReply ok(String... args) {
        return args.length == 0 ? OK : new ParleyReply(Kind.OK, List.of(args), null, "", -1);
    }

    /**
     * Returns {@code OK} with arguments.
     *
     * @param args the arguments
     * @return the reply
     */
    public static ParleyReply ok(List<String> args) {
        return new ParleyReply(Kind.OK, List.copyOf(args), null, "", -1);
    }

    /**
     * Returns {@code OK [args] {n}}: the sender writes exactly {@code bodyLength} raw bytes right after it.
     *
     * @param bodyLength the body length, {@code >= 0}
     * @param args the arguments before the count
     * @return the reply
     * @throws IllegalArgumentException if the length is negative
     */
    public static ParleyReply okWithBody(long bodyLength, String... args) {
        if (bodyLength < 0) {
            throw new IllegalArgumentException("bodyLength: " + bodyLength + " (expected: >= 0)");
        }
        return new ParleyReply(Kind.OK, List.of(args), null, "", bodyLength);
    }

    /**
     * Returns {@code ERR <code> <message>}.
     *
     * @param code the error code
     * @param message free text, may be empty; line breaks become spaces, and a last word in braces is quoted
     *                (see {@link ParleyText#message(CharSequence)})
     * @return the reply
     */
    public static ParleyReply error(ErrorCode code, String message) {
        return new ParleyReply(Kind.ERR, List.of(), Objects.requireNonNull(code, "code"),
                ParleyText.message(message == null ? "" : message), -1);
    }

    /**
     * Returns {@code BYE <code> <message>}.
     *
     * @param code why the server closes
     * @param message free text, may be empty; line breaks become spaces, and a last word in braces is quoted
     *                (see {@link ParleyText#message(CharSequence)})
     * @return the reply
     */
    public static ParleyReply bye(ErrorCode code, String message) {
        return new ParleyReply(Kind.BYE, List.of(), Objects.requireNonNull(code, "code"),
                ParleyText.message(message == null ? "" : message), -1);
    }

    /**
     * Returns the greeting {@code HELLO parley/1 <service> [key=value ...]}.
     *
     * @param service the service name, a bare word
     * @param attributes extra {@code key=value} pairs, in iteration order
     * @return the reply
     */
    public static ParleyReply hello(String service, Map<String, String> attributes) {
        List<String> args = new ArrayList<>(2 + attributes.size());
        args.add(PROTOCOL_VERSION);
        args.add(service);
        attributes.forEach((k, v) -> args.add(k + '=' + v));
        return new ParleyReply(Kind.HELLO, List.copyOf(args), null, "", -1);
    }

    static ParleyReply decoded(Kind kind, List<String> args, ErrorCode code, String message, long bodyLength) {
        return new ParleyReply(kind, args, code, message, bodyLength);
    }

    /** @return the kind of line */
    public Kind kind() {
        return kind;
    }

    /** @return whether this is an {@code OK} */
    public boolean isOk() {
        return kind == Kind.OK;
    }

    /** @return the arguments of {@code OK} or {@code HELLO} (for {@code HELLO}: version, service, pairs) */
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

    /** @return the error code of {@code ERR} or {@code BYE}, else {@code null} */
    public ErrorCode code() {
        return code;
    }

    /** @return the message of {@code ERR} or {@code BYE}, possibly empty; empty for the others */
    public String message() {
        return message;
    }

    /** @return the announced body length of an {@code OK}, or {@code -1} */
    public long bodyLength() {
        return bodyLength;
    }

    /** @return whether a raw body follows */
    public boolean hasBody() {
        return bodyLength >= 0;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ParleyReply)) {
            return false;
        }
        ParleyReply r = (ParleyReply) o;
        return kind == r.kind && args.equals(r.args) && Objects.equals(code, r.code) && message.equals(r.message)
                && bodyLength == r.bodyLength;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, args, code, message, bodyLength);
    }

    /** @return the line as written on the wire, without the line end */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind.name());
        if (code != null) {
            sb.append(' ').append(code.name());
            if (!message.isEmpty()) {
                sb.append(' ').append(message);
            }
        }
        for (String a : args) {
            sb.append(' ').append(ParleyText.quote(a));
        }
        if (bodyLength >= 0) {
            sb.append(" {").append(bodyLength).append('}');
        }
        return sb.toString();
    }

    /** @return a little over the encoded size: the kind, a count, quoting, and each argument */
    @Override
    public long estimatedBytes() {
        long n = 32;
        for (String arg : args()) {
            n += arg.length() + 3;
        }
        String m = message();
        return m == null ? n : n + m.length();
    }
}
