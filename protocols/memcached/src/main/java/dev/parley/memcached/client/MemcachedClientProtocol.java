package dev.parley.memcached.client;

import dev.parley.client.spi.ClientProtocol;
import dev.parley.client.spi.GreetingCheck;
import dev.parley.client.spi.ReplyAssembler;
import dev.parley.client.Request;
import dev.parley.codec.framing.FramingSpec;
import dev.parley.codec.framing.InlineDecoder;
import dev.parley.codec.pipeline.ProtocolCodec;
import dev.parley.codec.pipeline.Side;
import dev.parley.codec.spi.FailureReplies;
import dev.parley.memcached.codec.MemcachedClientCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.util.concurrent.FastThreadLocal;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * memcached's ASCII protocol as a {@link ClientProtocol} for a Parley client session: no greeting, {@code version} as
 * the keepalive, no authentication, requests written as {@code verb arg ...\r\n} (arguments one byte per char) and
 * data blocks followed by CR LF.
 */
public final class MemcachedClientProtocol implements ClientProtocol {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final int SCRATCH_SIZE = 1024;
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[SCRATCH_SIZE];
        }
    };
    private static final Request VERSION = Request.query("version");
    private static final MemcachedClientProtocol DEFAULT = new MemcachedClientProtocol(MemcachedClientCodec.create());

    private final MemcachedClientCodec codec;
    private final ProtocolCodec framingOnly;

    private MemcachedClientProtocol(MemcachedClientCodec codec) {
        this.codec = codec;
        this.framingOnly = new FramingOnly(codec);
    }

    /**
     * The codec's framing without its decoder: a {@link MemcachedReplyAssembler} runs inline in the framing stage and
     * reads the lines and data blocks where they lie in the read buffer, so that only complete replies travel down the
     * pipeline (no slice, String or {@link dev.parley.memcached.codec.MemcachedReplyLine} per line, one pipeline hop
     * per reply). With the wire trace on, the connection's own assembler reads the framed messages instead.
     */
    private static final class FramingOnly implements ProtocolCodec {
        private final MemcachedClientCodec codec;

        FramingOnly(MemcachedClientCodec codec) {
            this.codec = codec;
        }

        @Override
        public String name() {
            return codec.name();
        }

        @Override
        public FramingSpec framing(Side side) {
            return codec.framing(side);
        }

        @Override
        public List<ChannelHandler> newCodecHandlers(Side side) {
            codec.framing(side); // the same side check
            return List.of();
        }

        @Override
        public InlineDecoder inlineDecoder(Side side) {
            codec.framing(side);
            return new MemcachedReplyAssembler();
        }

        @Override
        public FailureReplies failureReplies() {
            return codec.failureReplies();
        }
    }

    /**
     * Returns the protocol with the default codec.
     *
     * @return the shared protocol
     */
    public static MemcachedClientProtocol create() {
        return DEFAULT;
    }

    /**
     * Returns the protocol with a given codec (for another value limit).
     *
     * @param codec the client codec
     * @return the protocol
     */
    public static MemcachedClientProtocol create(MemcachedClientCodec codec) {
        return new MemcachedClientProtocol(java.util.Objects.requireNonNull(codec, "codec"));
    }

    @Override
    public ProtocolCodec codec() {
        return framingOnly;
    }

    @Override
    public GreetingCheck greeting() {
        return GreetingCheck.none();
    }

    @Override
    public ReplyAssembler newAssembler() {
        return new MemcachedReplyAssembler();
    }

    /**
     * Returns whether a request is a quiet batch: an {@code mn} whose arguments are whole command lines (quiet meta
     * commands, each with its opaque token), written one per line before the {@code mn} itself. Its reply is
     * complete at {@code MN} (see {@link MemcachedClient#metaGetAll}).
     *
     * @param request the request
     * @return whether it is one
     */
    static boolean isQuietBatch(Request request) {
        return !request.args().isEmpty() && "mn".equals(request.verb());
    }

    @Override
    public Object encode(Request request) {
        if (isQuietBatch(request)) {
            ByteBuf buf = ByteBufAllocator.DEFAULT.ioBuffer(batchSize(request));
            encodeInto(request, buf);
            return buf;
        }
        List<String> args = request.args();
        int size = request.verb().length() + 2;
        for (int i = 0; i < args.size(); i++) {
            size += args.get(i).length() + 1;
        }
        ByteBuf buf = ByteBufAllocator.DEFAULT.ioBuffer(size);
        buf.writeCharSequence(request.verb(), StandardCharsets.US_ASCII);
        for (int i = 0; i < args.size(); i++) {
            buf.writeByte(' ');
            buf.writeCharSequence(args.get(i), StandardCharsets.ISO_8859_1);
        }
        return buf.writeBytes(CRLF);
    }

    /**
     * Writes the request line into the batch buffer of the requests flushed together, with one bounds check: the
     * line is put together in a per-thread array first.
     */
    @Override
    public boolean encodeInto(Request request, ByteBuf out) {
        if (isQuietBatch(request)) {
            List<String> lines = request.args();
            byte[] line = new byte[batchSize(request)];
            int at = 0;
            for (int i = 0; i < lines.size(); i++) {
                at = put(lines.get(i), line, at);
                line[at++] = '\r';
                line[at++] = '\n';
            }
            at = put("mn\r\n", line, at);
            out.writeBytes(line, 0, at);
            return true;
        }
        String verb = request.verb();
        List<String> args = request.args();
        int size = verb.length() + 2;
        for (int i = 0; i < args.size(); i++) {
            size += args.get(i).length() + 1;
        }
        byte[] line = size <= SCRATCH_SIZE ? SCRATCH.get() : new byte[size];
        int at = put(verb, line, 0);
        for (int i = 0; i < args.size(); i++) {
            line[at++] = ' ';
            at = put(args.get(i), line, at);
        }
        line[at++] = '\r';
        line[at++] = '\n';
        out.writeBytes(line, 0, at);
        return true;
    }

    private static int batchSize(Request request) {
        int size = 4;
        for (String line : request.args()) {
            size += line.length() + 2;
        }
        return size;
    }

    /** One byte per char, as ISO-8859-1 encodes ({@code '?'} for a char it cannot). */
    private static int put(String s, byte[] to, int at) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            to[at++] = c <= 0xFF ? (byte) c : (byte) '?';
        }
        return at;
    }

    @Override
    public byte[] bodyTrailer() {
        return CRLF.clone();
    }

    @Override
    public Request keepalive() {
        return VERSION;
    }

    @Override
    public Request authenticate(String token) {
        return null;
    }

    @Override
    public String toString() {
        return codec.name();
    }
}
