package dev.parley.agent.client;

import dev.parley.agent.fs.ExecChunk;
import dev.parley.client.BodySink;
import dev.parley.client.Reply;
import dev.parley.client.StreamControl;
import dev.parley.codec.text.ParleyProtocolException;
import dev.parley.codec.text.ParleyText;
import io.netty.buffer.ByteBuf;

import java.util.Objects;

/**
 * Reads the bodies of the agent's {@code output} replies (after {@code run}) as they arrive, without keeping it: a
 * sequence of records, each a header line {@code out {k}} or {@code err {k}} (LF-terminated, k of 1 to
 * {@value ExecChunk#MAX_RECORD_LENGTH}) followed by exactly k bytes, which go to an {@link ExecSink} piece by piece. A
 * header that is not in this shape, or a body that ends inside a record, is a framing violation: {@link #onChunk}
 * throws and the session drops the connection. Memory stays bounded by the header buffer whatever the output's size.
 * One instance per call.
 *
 * <p>See docs/PROTOCOL.md, "Running programs".
 */
public final class ExecRecords implements BodySink {

    /** The longest header line accepted, LF excluded: {@value}. */
    static final int MAX_HEADER_LENGTH = 16;

    /** The first word of an {@code output} reply while the program runs. */
    public static final String RUNNING = "running";

    private enum State { HEADER, PAYLOAD }

    private final ExecSink sink;
    private final StringBuilder header = new StringBuilder(MAX_HEADER_LENGTH);
    private State state = State.HEADER;
    private ExecChunk.Stream stream;
    private int remaining;

    /**
     * Creates a reader.
     *
     * @param sink where the output goes
     */
    public ExecRecords(ExecSink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public void onStart(Reply head, long bodyLength, StreamControl control) {
        // The line is checked by exit(Reply) once the call completes.
    }

    @Override
    public void onChunk(ByteBuf chunk) throws Exception {
        while (chunk.isReadable()) {
            switch (state) {
                case HEADER:
                    decodeHeader(chunk);
                    break;
                case PAYLOAD:
                    decodePayload(chunk);
                    break;
                default:
                    throw new IllegalStateException(state.name());
            }
        }
    }

    private void decodeHeader(ByteBuf in) throws ParleyProtocolException {
        while (in.isReadable()) {
            byte b = in.readByte();
            if (b == '\n') {
                parseHeader();
                return;
            }
            if (header.length() == MAX_HEADER_LENGTH || b < 0x20 || b > 0x7e) {
                throw violation("run record header: " + ParleyText.quote(header.toString())
                        + " (expected: out {k} or err {k})");
            }
            header.append((char) b);
        }
    }

    private void parseHeader() throws ParleyProtocolException {
        String h = header.toString();
        header.setLength(0);
        String word = h.length() > 4 ? h.substring(0, 4) : "";
        ExecChunk.Stream s = "out ".equals(word) ? ExecChunk.Stream.OUT
                : "err ".equals(word) ? ExecChunk.Stream.ERR : null;
        String count = s == null ? "" : h.substring(4);
        if (s == null || count.length() < 3 || count.charAt(0) != '{' || count.charAt(count.length() - 1) != '}'
                || count.length() > 9 || !digits(count.substring(1, count.length() - 1))) {
            throw violation("run record header: " + ParleyText.quote(h) + " (expected: out {k} or err {k})");
        }
        long k = Long.parseLong(count.substring(1, count.length() - 1));
        if (k < 1 || k > ExecChunk.MAX_RECORD_LENGTH) {
            throw violation("run record length: " + k + " (expected: 1 to " + ExecChunk.MAX_RECORD_LENGTH + ")");
        }
        stream = s;
        remaining = (int) k;
        state = State.PAYLOAD;
    }

    private void decodePayload(ByteBuf in) throws Exception {
        int n = Math.min(remaining, in.readableBytes());
        ByteBuf piece = in.readSlice(n);
        remaining -= n;
        if (remaining == 0) {
            state = State.HEADER;
        }
        sink.write(stream, piece);
    }

    /**
     * Checks that a reply's body ended between records and reads its line; call it once each {@code output} call
     * has completed (one reader serves all the calls of a run).
     *
     * @param reply the completed reply
     * @return how the program ended, or {@code null} for {@code OK running} (more output to read)
     * @throws ParleyProtocolException if the body ended inside a record, or the line is neither
     *                                 {@code OK running} nor {@code OK <exit-code> [timed-out] [truncated]}
     */
    public ExecExit end(Reply reply) throws ParleyProtocolException {
        if (state != State.HEADER || header.length() > 0) {
            throw violation("run output ended inside a record");
        }
        if (!reply.args().isEmpty() && RUNNING.equals(reply.arg(0))) {
            return null;
        }
        return ExecExit.of(reply);
    }

    private static boolean digits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static ParleyProtocolException violation(String message) {
        return new ParleyProtocolException(message);
    }
}
