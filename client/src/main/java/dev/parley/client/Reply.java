package dev.parley.client;

import dev.parley.client.spi.ReplyAssembler;
import dev.parley.codec.text.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A complete reply as a {@link ReplyAssembler} built it: a status, arguments, an aggregated body (bounded by
 * {@link ClientOptions#maxAggregatedBody()}; use a {@link BodySink} for larger ones) and, for protocols with richer
 * replies, an attachment. Immutable.
 */
public final class Reply {

    /** What the reply says. */
    public enum Status {
        /** Success. */
        OK,
        /** The request failed ({@code ERR}); {@link #code()} says how. */
        ERR,
        /** Not an answer: the server is closing the connection ({@code BYE}); {@link #code()} says why. */
        BYE
    }

    private static final byte[] NO_BODY = new byte[0];

    private final Status status;
    private final List<String> args;
    private final ErrorCode code;
    private final String message;
    private final byte[] body;
    private final Object attachment;

    private Reply(Status status, List<String> args, ErrorCode code, String message, byte[] body, Object attachment) {
        this.status = status;
        this.args = args;
        this.code = code;
        this.message = message;
        this.body = body;
        this.attachment = attachment;
    }

    /**
     * Returns a success.
     *
     * @param args the arguments
     * @param body the body, or {@code null} for none; not copied, the caller hands it over
     * @return the reply
     */
    public static Reply ok(List<String> args, byte[] body) {
        return new Reply(Status.OK, List.copyOf(args), null, "", body == null ? NO_BODY : body, null);
    }

    /**
     * Returns an error reply.
     *
     * @param code the error code; its kind decides whether the request counts as rejected or answered
     * @param message free text, may be empty
     * @return the reply
     */
    public static Reply error(ErrorCode code, String message) {
        return new Reply(Status.ERR, List.of(), Objects.requireNonNull(code, "code"),
                message == null ? "" : message, NO_BODY, null);
    }

    /**
     * Returns a goodbye: the server closes the connection.
     *
     * @param code why
     * @param message free text, may be empty
     * @return the reply
     */
    public static Reply goodbye(ErrorCode code, String message) {
        return new Reply(Status.BYE, List.of(), Objects.requireNonNull(code, "code"),
                message == null ? "" : message, NO_BODY, null);
    }

    /**
     * Returns a copy carrying a protocol-specific object (for example several values of a multi-get).
     *
     * @param attachment the object
     * @return the copy
     */
    public Reply withAttachment(Object attachment) {
        return new Reply(status, args, code, message, body, attachment);
    }

    /** @return the status */
    public Status status() {
        return status;
    }

    /** @return whether the status is {@link Status#OK} */
    public boolean isOk() {
        return status == Status.OK;
    }

    /** @return the arguments of a success, unmodifiable */
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

    /** @return the error code of an error or goodbye, else {@code null} */
    public ErrorCode code() {
        return code;
    }

    /** @return the message of an error or goodbye; empty otherwise */
    public String message() {
        return message;
    }

    /** @return a copy of the aggregated body; empty when there is none or it was streamed */
    public byte[] body() {
        return body.clone();
    }

    /** @return the aggregated body's length */
    public int bodyLength() {
        return body.length;
    }

    /** @return the aggregated body decoded as UTF-8 */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** @return the protocol-specific attachment, or {@code null} */
    public Object attachment() {
        return attachment;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(status.name());
        if (code != null) {
            sb.append(' ').append(code.name());
            if (!message.isEmpty()) {
                sb.append(' ').append(message);
            }
        }
        for (String a : args) {
            sb.append(' ').append(a);
        }
        if (body.length > 0) {
            sb.append(" {").append(body.length).append('}');
        }
        return sb.toString();
    }
}
