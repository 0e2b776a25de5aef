package dev.parley.server;

import dev.parley.codec.text.ErrorCode;
import dev.parley.codec.text.ParleyReply;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;

import io.netty.buffer.ByteBufHolder;
import io.netty.channel.FileRegion;

import java.io.File;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * What a handler answers: a reply line, optionally followed by a raw body, or no output at all, or a sequence of
 * pre-encoded messages for protocols with their own wording. Immutable, except that a reply holding buffers owns
 * them: the server releases them once written (or when the connection is gone); a reply that is never returned to
 * the server must be {@link #release() released} by whoever made it.
 *
 * <p>Everything a reply holds is written in order, after the replies of earlier requests and before those of later
 * ones.
 */
public final class Reply {

    private static final Object[] NO_MESSAGES = new Object[0];

    /** {@code OK}. */
    public static final Reply OK = new Reply(ParleyReply.OK, NO_MESSAGES, false);
    /** {@code OK pong}. */
    public static final Reply PONG = new Reply(ParleyReply.PONG, NO_MESSAGES, false);
    private static final Reply NONE = new Reply(null, NO_MESSAGES, false);

    private final ParleyReply line;
    private final Object[] messages;
    private final boolean close;
    /** Bytes held while waiting for an earlier reply; computed when first needed, -1 until then. */
    private long heldBytes = -1;

    private Reply(ParleyReply line, Object[] messages, boolean close) {
        this.line = line;
        this.messages = messages;
        this.close = close;
    }

    /**
     * Returns a reply made of one protocol line.
     *
     * @param line the line; {@link ParleyReply#OK} and {@link ParleyReply#PONG} return shared instances
     * @return the reply; a {@code BYE} line closes the connection after it is written
     */
    public static Reply of(ParleyReply line) {
        Objects.requireNonNull(line, "line");
        if (line == ParleyReply.OK) {
            return OK;
        }
        if (line == ParleyReply.PONG) {
            return PONG;
        }
        return new Reply(line, NO_MESSAGES, line.kind() == ParleyReply.Kind.BYE);
    }

    /**
     * Returns {@code OK} with arguments.
     *
     * @param args the arguments
     * @return the reply
     */
    public static Reply ok(String... args) {
        return args.length == 0 ? OK : new Reply(ParleyReply.ok(args), NO_MESSAGES, false);
    }

    /**
     * Returns {@code ERR <code> <message>}.
     *
     * @param code the error code
     * @param message free text, possibly empty
     * @return the reply
     */
    public static Reply error(ErrorCode code, String message) {
        return new Reply(ParleyReply.error(code, message), NO_MESSAGES, false);
    }

    /**
     * Returns {@code BYE <code> <message>}; the server closes the connection once it is written.
     *
     * @param code why the connection ends
     * @param message free text, possibly empty
     * @return the reply
     */
    public static Reply bye(ErrorCode code, String message) {
        return new Reply(ParleyReply.bye(code, message), NO_MESSAGES, true);
    }

    /**
     * Returns {@code OK [args] {n}} followed by the body's bytes.
     *
     * @param body the body; ownership passes to the reply
     * @param args the arguments before the count
     * @return the reply
     */
    public static Reply okWithBody(ByteBuf body, String... args) {
        return new Reply(ParleyReply.okWithBody(body.readableBytes(), args), new Object[] {body}, false);
    }

    /**
     * Returns {@code OK [args] {n}} followed by a region of a file: sent zero-copy ({@code FileRegion}) on plain
     * connections and in chunks under TLS. The file is opened (on the blocking executor) when the reply is about to
     * be written; see {@link #okWithFile(FileSource, long, long, String...)}.
     *
     * @param file the file
     * @param offset the first byte to send
     * @param length the number of bytes, announced as {@code {n}}
     * @param args the arguments before the count
     * @return the reply
     * @throws IllegalArgumentException if offset or length is negative
     */
    public static Reply okWithFile(File file, long offset, long length, String... args) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset: " + offset + ", length: " + length + " (expected: >= 0)");
        }
        Objects.requireNonNull(file, "file");
        return okWithFile(new PathSource(file), offset, length, args);
    }

    /**
     * Returns {@code OK [args] {n}} followed by {@code length} bytes of a file from {@code offset}, opened through the
     * source only when the reply is about to be written (on the blocking executor, never on an event loop). Without
     * TLS the bytes go zero-copy ({@code sendfile}) from the open channel; under TLS they are read in chunks on the
     * blocking executor and written as the connection drains. If the source fails or the file ends early, the
     * connection is closed (the line is announced, the stream cannot stay in sync).
     *
     * @param source opens the file; called at most once
     * @param offset the first byte to send
     * @param length the number of bytes, announced as {@code {n}}
     * @param args the arguments before the count
     * @return the reply
     * @throws IllegalArgumentException if offset or length is negative
     */
    public static Reply okWithFile(FileSource source, long offset, long length, String... args) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset: " + offset + ", length: " + length + " (expected: >= 0)");
        }
        return new Reply(ParleyReply.okWithBody(length, args),
                new Object[] {new FileBody(Objects.requireNonNull(source, "source"), offset, length)}, false);
    }

    /**
     * Returns a reply line followed by raw messages ({@code ByteBuf}, {@code FileRegion}) that make up its body.
     *
     * @param line the line, usually announcing the body's length
     * @param body the body's messages; ownership passes to the reply
     * @return the reply
     */
    public static Reply withBody(ParleyReply line, Object... body) {
        return new Reply(Objects.requireNonNull(line, "line"), body.clone(), false);
    }

    /**
     * Returns pre-encoded output: the messages go to the pipeline as they are (the codec passes {@code ByteBuf}s
     * through) and no protocol line is added. For protocols with their own wording, such as memcached's
     * {@code VALUE ... END}.
     *
     * @param messages the messages, in order; ownership passes to the reply
     * @return the reply
     */
    public static Reply raw(Object... messages) {
        return new Reply(null, messages.clone(), false);
    }

    /**
     * Returns the empty reply: nothing is written for this request (memcached's {@code noreply}), and the replies
     * of later requests still wait for it to complete.
     *
     * @return the shared empty reply
     */
    public static Reply none() {
        return NONE;
    }

    /** @return the reply line, or {@code null} for raw output and {@link #none()} */
    public ParleyReply line() {
        return line;
    }

    /** @return whether the connection closes after this reply is written */
    public boolean closesConnection() {
        return close;
    }

    /** @return whether the reply writes nothing at all */
    public boolean isEmpty() {
        return line == null && messages.length == 0;
    }

    /** @return whether this is an {@code OK} line (with or without body) */
    public boolean isOk() {
        return line != null && line.isOk();
    }

    Object[] messages() {
        return messages;
    }

    /** @return the file body to open when this reply is written, or null; a file reply holds nothing else */
    FileBody fileBody() {
        return messages.length == 1 && messages[0] instanceof FileBody ? (FileBody) messages[0] : null;
    }

    /**
     * Returns about how many bytes this reply holds until it is written: its line, its buffers, and the count of a
     * file region opened by the handler (an open file, counted as its size so that few of them wait). A
     * {@link FileBody} holds no file until it is written and counts nothing.
     */
    long heldBytes() {
        long n = heldBytes;
        if (n < 0) {
            n = lineBytes(line);
            for (Object m : messages) {
                if (m instanceof ByteBuf) {
                    n += ((ByteBuf) m).readableBytes();
                } else if (m instanceof ByteBufHolder) {
                    n += ((ByteBufHolder) m).content().readableBytes();
                } else if (m instanceof FileRegion) {
                    n += ((FileRegion) m).count();
                }
            }
            heldBytes = n;
        }
        return n;
    }

    /** A little over the encoded size of a line: its kind, a count, quoting, and each argument. */
    private static long lineBytes(ParleyReply line) {
        if (line == null) {
            return 0;
        }
        long n = 32;
        for (String arg : line.args()) {
            n += arg.length() + 3;
        }
        String message = line.message();
        return message == null ? n : n + message.length();
    }

    /**
     * Releases the buffers this reply holds. Only for a reply that is not handed to the server.
     */
    public void release() {
        for (Object m : messages) {
            ReferenceCountUtil.release(m);
        }
    }

    @Override
    public String toString() {
        if (line == null) {
            return messages.length == 0 ? "Reply(none)" : "Reply(" + messages.length + " raw messages)";
        }
        return messages.length == 0 ? line.toString() : line + " +" + messages.length + " body messages";
    }

    /** A file region to send after the line, opened by the writer when the reply reaches the socket. */
    record FileBody(FileSource source, long offset, long length) {
    }

    /** Opens a file by its path. */
    private record PathSource(File file) implements FileSource {
        @Override
        public FileChannel open() throws java.io.IOException {
            return FileChannel.open(file.toPath(), StandardOpenOption.READ);
        }

        @Override
        public String toString() {
            return file.toString();
        }
    }
}
