package dev.parley.memcached.codec;

import dev.parley.codec.spi.PlainMessage;
import dev.parley.codec.spi.ReplyMessage;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * A reply of memcached's text protocol, server side: it writes its own bytes (CR LF included) into the output buffer
 * of {@link MemcachedReplyEncoder}, so a reply costs no buffer of its own. Fixed lines ({@code STORED},
 * {@code NOT_FOUND}, {@code END}, ...) are {@linkplain #line(String) constants} holding their encoded bytes.
 *
 * <p>An abstract class rather than an interface, and a {@link PlainMessage}: every type check a reply meets on its way
 * to the encoder is then a class check or the one interface check that the class's cache answers (see
 * {@link PlainMessage}).
 */
public abstract class MemcachedReply extends PlainMessage implements ReplyMessage {

    /** For the implementations in this module. */
    protected MemcachedReply() {
    }

    /**
     * Writes the reply's bytes.
     *
     * @param out the buffer to append to; it grows as needed
     */
    public abstract void writeTo(ByteBuf out);

    /**
     * Returns a fixed reply line, encoded once.
     *
     * @param text the line without CR LF, ASCII
     * @return the constant reply
     */
    public static MemcachedReply line(String text) {
        return new Line((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Returns a reply line made now, such as a number or {@code VERSION 1.6.21}.
     *
     * @param text the line without CR LF; each char is written as one byte (ISO-8859-1)
     * @return the reply
     */
    public static MemcachedReply text(CharSequence text) {
        return new Text(text);
    }

    /** A fixed line, its bytes encoded once. */
    static final class Line extends MemcachedReply {
        private final byte[] bytes;

        private Line(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public void writeTo(ByteBuf out) {
            out.writeBytes(bytes);
        }

        @Override
        public long estimatedBytes() {
            return bytes.length;
        }

        @Override
        public String toString() {
            return new String(bytes, 0, bytes.length - 2, StandardCharsets.US_ASCII);
        }
    }

    /** A line made for one reply. */
    static final class Text extends MemcachedReply {
        private final CharSequence text;

        private Text(CharSequence text) {
            this.text = text;
        }

        @Override
        public void writeTo(ByteBuf out) {
            out.writeCharSequence(text, StandardCharsets.ISO_8859_1);
            out.writeByte('\r').writeByte('\n');
        }

        @Override
        public long estimatedBytes() {
            return text.length() + 2;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
