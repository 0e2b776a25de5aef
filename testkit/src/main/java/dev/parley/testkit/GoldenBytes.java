package dev.parley.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.opentest4j.AssertionFailedError;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Compares what encoders write against golden bytes. Differences are reported with non-printable bytes escaped as
 * {@code \xHH} and the first differing offset, so {@code "OK\r\n"} against {@code "OK\n"} is readable in a test
 * report.
 *
 * <pre>{@code
 * GoldenBytes.assertEncodes(() -> new ChannelHandler[] {new ReplyEncoder()}, "OK done\r\n", Reply.ok("done"));
 * }</pre>
 */
public final class GoldenBytes {

    /** Bytes of context shown on each side of the first difference. */
    private static final int CONTEXT = 24;

    private GoldenBytes() {
    }

    /**
     * Writes {@code messages} outbound through fresh handlers and returns the bytes they produced. The channel is
     * finished and must end clean (see {@link Teardown#assertClean(EmbeddedChannel...)}, without the leak check).
     *
     * @param handlers makes the encoder pipeline
     * @param messages the messages, written in order; ownership passes to the pipeline
     * @return the concatenated outbound bytes
     * @throws AssertionFailedError if the pipeline writes something other than buffers or leaves messages behind
     */
    public static byte[] encode(Supplier<ChannelHandler[]> handlers, Object... messages) {
        EmbeddedChannel channel = new EmbeddedChannel(handlers.get());
        byte[] bytes;
        try {
            channel.writeOutbound(messages);
            bytes = drainOutbound(channel);
        } catch (RuntimeException | Error e) {
            channel.finishAndReleaseAll();
            throw e;
        }
        String leftovers = Teardown.finishAndDescribeLeftovers(channel);
        if (!leftovers.isEmpty()) {
            throw new AssertionFailedError("encoder pipeline did not end clean:\n" + leftovers);
        }
        return bytes;
    }

    /**
     * Asserts that writing {@code messages} produces exactly the UTF-8 bytes of {@code expected}.
     *
     * @param handlers makes the encoder pipeline
     * @param expected the golden output as text
     * @param messages the messages, written in order; ownership passes to the pipeline
     * @throws AssertionFailedError if the bytes differ
     */
    public static void assertEncodes(Supplier<ChannelHandler[]> handlers, String expected, Object... messages) {
        assertSameBytes(ByteStrings.utf8(expected), encode(handlers, messages));
    }

    /**
     * Asserts that writing {@code messages} produces exactly {@code expected}.
     *
     * @param handlers makes the encoder pipeline
     * @param expected the golden output
     * @param messages the messages, written in order; ownership passes to the pipeline
     * @throws AssertionFailedError if the bytes differ
     */
    public static void assertEncodes(Supplier<ChannelHandler[]> handlers, byte[] expected, Object... messages) {
        assertSameBytes(expected, encode(handlers, messages));
    }

    /**
     * Reads every outbound message of {@code channel}, concatenates the bytes of the {@link ByteBuf}s and
     * {@link ByteBufHolder}s among them and releases them all.
     *
     * @param channel the channel
     * @return the bytes written, in order; empty when nothing was written
     * @throws AssertionFailedError if an outbound message holds no bytes (it is released first)
     */
    public static byte[] drainOutbound(EmbeddedChannel channel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder unexpected = new StringBuilder();
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            try {
                ByteBuf content = msg instanceof ByteBuf ? (ByteBuf) msg
                        : msg instanceof ByteBufHolder ? ((ByteBufHolder) msg).content() : null;
                if (content == null) {
                    unexpected.append(msg.getClass().getName()).append(": ").append(msg).append('\n');
                } else {
                    content.getBytes(content.readerIndex(), out, content.readableBytes());
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("writing to memory failed", e);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
        if (unexpected.length() > 0) {
            throw new AssertionFailedError("outbound messages that are not bytes:\n" + unexpected);
        }
        return out.toByteArray();
    }

    /**
     * Asserts that two byte sequences are equal, reporting the first differing offset with escaped context.
     *
     * @param expected the golden bytes
     * @param actual the bytes produced
     * @throws AssertionFailedError if they differ; its expected and actual values are the escaped texts
     */
    public static void assertSameBytes(byte[] expected, byte[] actual) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
        int at = Arrays.mismatch(expected, actual);
        if (at < 0) {
            return;
        }
        String message = "bytes differ at offset " + at + " (expected " + expected.length + " bytes, got "
                + actual.length + "):\n  expected: " + around(expected, at) + "\n  actual:   " + around(actual, at);
        throw new AssertionFailedError(message, ByteStrings.escape(expected), ByteStrings.escape(actual));
    }

    private static String around(byte[] bytes, int at) {
        int from = Math.max(0, at - CONTEXT);
        int to = Math.min(bytes.length, at + CONTEXT);
        StringBuilder sb = new StringBuilder();
        if (from > 0) {
            sb.append("...");
        }
        sb.append(ByteStrings.escape(bytes, from, Math.min(at, to) - from)).append(" >>");
        if (at < bytes.length) {
            sb.append(ByteStrings.escape(bytes, at, to - at));
        } else {
            sb.append("<end>");
        }
        if (to < bytes.length) {
            sb.append("...");
        }
        return sb.toString();
    }
}
