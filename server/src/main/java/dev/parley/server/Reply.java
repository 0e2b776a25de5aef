package dev.parley.server;

import dev.parley.codec.spi.Failure;
import dev.parley.codec.spi.ReplyMessage;
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
 * What a handler answers: the protocol's own reply message (written by the protocol's encoder), optionally followed
 * by a raw body, or no output at all, together with the neutral outcome the server's core needs: whether it is an
 * error (counted) and whether the connection closes after it. The factories {@link #message}, {@link #errorMessage}
 * and {@link #closing} serve any protocol; {@link #ok}, {@link #error}, {@link #bye} and the body factories build
 * Parley text replies ({@link ParleyReply}). Immutable, except that a reply holding buffers owns them: the server
 * releases them once written (or when the connection is gone); a reply that is never returned to the server must be
 * {@link #release() released} by whoever made it.
 *
 * <p>Everything a reply holds is written in order, after the replies of earlier requests and before those of later
 * ones.
 */
public final class Reply {

    private static final Object[] NO_MESSAGES = new Object[0];

    /** {@code OK}. */
    public static final Reply OK = new Reply(ParleyReply.OK, NO_MESSAGES, false, false, null);
    /** {@code OK pong}. */
    public static final Reply PONG = new Reply(ParleyReply.PONG, NO_MESSAGES, false, false, null);
    private static final Reply NONE = new Reply(null, NO_MESSAGES, false, false, null);

    private final Object line;
    private final Object[] messages;
    private final boolean close;
    private final boolean error;
    /** What the core answered by itself, or null for a handler's reply. */
    private final Failure failure;
    /** Bytes held while waiting for an earlier reply; computed when first needed, -1 until then. */
    private long heldBytes = -1;

    private Reply(Object line, Object[] messages, boolean close, boolean error, Failure failure) {
        this.line = line;
        this.messages = messages;
        this.close = close;
        this.error = error;
        this.failure = failure;
    }

    /**
     * Returns a successful reply made of one message of the protocol, for its encoder to write.
     *
     * @param message the protocol's reply message (a {@code ByteBuf} passes the encoder as it is; ownership passes
     *                to the reply)
     * @return the reply
     */
    public static Reply message(Object message) {
        return new Reply(Objects.requireNonNull(message, "message"), NO_MESSAGES, false, false, null);
    }

    /**
     * Returns an error reply made of one message of the protocol: counted as an error sent on the session.
     *
     * @param message the protocol's reply message
     * @return the reply
     */
    public static Reply errorMessage(Object message) {
        return new Reply(Objects.requireNonNull(message, "message"), NO_MESSAGES, false, true, null);
    }

    /**
     * Returns a reply after which the server closes the connection.
     *
     * @param message the protocol's last message, or {@code null} to write nothing and just close
     * @return the reply
     */
    public static Reply closing(Object message) {
        return new Reply(message, NO_MESSAGES, true, false, null);
    }

    /**
     * Returns the core's own answer for a failure, in the protocol's words.
     *
     * @param failure what happened
     * @param message the protocol's message for it ({@link dev.parley.codec.spi.FailureReplies}), or null
     * @param closes whether the connection closes after it
     */
    static Reply failure(Failure failure, Object message, boolean closes) {
        return new Reply(message, NO_MESSAGES, closes, !closes, failure);
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
        return new Reply(line, NO_MESSAGES, line.kind() == ParleyReply.Kind.BYE,
                line.kind() == ParleyReply.Kind.ERR, null);
    }

    /**
     * Returns {@code OK} with arguments.
     *
     * @param args the arguments
     * @return the reply
     */
    public static Reply ok(String... args) {
        return args.length == 0 ? OK : new Reply(ParleyReply.ok(args), NO_MESSAGES, false, false, null);
    }

    /**
     * Returns {@code ERR <code> <message>}.
     *
     * @param code the error code
     * @param message free text, possibly empty
     * @return the reply
     */
    public static Reply error(ErrorCode code, String message) {
        return new Reply(ParleyReply.error(code, message), NO_MESSAGES, false, true, null);
    }

    /**
     * Returns {@code BYE <code> <message>}; the server closes the connection once it is written.
     *
     * @param code why the connection ends
     * @param message free text, possibly empty
     * @return the reply
     */
    public static Reply bye(ErrorCode code, String message) {
        return new Reply(ParleyReply.bye(code, message), NO_MESSAGES, true, false, null);
    }

    /**
     * Returns {@code OK [args] {n}} followed by the body's bytes.
     *
     * @param body the body; ownership passes to the reply
     * @param args the arguments before the count
     * @return the reply
     */
    public static Reply okWithBody(ByteBuf body, String... args) {
        return new Reply(ParleyReply.okWithBody(body.readableBytes(), args), new Object[] {body}, false, false,
                null);
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
                new Object[] {new FileBody(Objects.requireNonNull(source, "source"), offset, length)}, false, false,
                null);
    }

    /**
     * Returns a reply line followed by raw messages ({@code ByteBuf}, {@code FileRegion}) that make up its body.
     *
     * @param line the line, usually announcing the body's length
     * @param body the body's messages; ownership passes to the reply
     * @return the reply
     */
    public static Reply withBody(ParleyReply line, Object... body) {
        return new Reply(Objects.requireNonNull(line, "line"), body.clone(), false, false, null);
    }

    /**
     * Returns pre-encoded output: the messages go to the pipeline as they are (encoders pass {@code ByteBuf}s
     * through) and no reply message is added.
     *
     * @param messages the messages, in order; ownership passes to the reply
     * @return the reply
     */
    public static Reply raw(Object... messages) {
        return new Reply(null, messages.clone(), false, false, null);
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

    /** @return the protocol's reply message, or {@code null} for raw output, {@link #none()} and a silent close */
    public Object message() {
        return line;
    }

    /** @return whether this reply counts as an error sent (a Parley {@code ERR}, an {@link #errorMessage}) */
    public boolean isError() {
        return error;
    }

    /** @return what the core answered by itself, or {@code null} for a handler's reply */
    public Failure failure() {
        return failure;
    }

    /** @return whether the connection closes after this reply is written */
    public boolean closesConnection() {
        return close;
    }

    /** @return whether the reply writes nothing at all */
    public boolean isEmpty() {
        return line == null && messages.length == 0;
    }

    /** @return whether this is a Parley {@code OK} line (with or without body) */
    public boolean isOk() {
        return line instanceof ParleyReply && ((ParleyReply) line).isOk();
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

    /** About the encoded size of a reply message: as it says, a buffer's bytes, or a short line. */
    private static long lineBytes(Object line) {
        if (line == null) {
            return 0;
        }
        if (line instanceof ReplyMessage) {
            return ((ReplyMessage) line).estimatedBytes();
        }
        if (line instanceof ByteBuf) {
            return ((ByteBuf) line).readableBytes();
        }
        return 32;
    }

    /**
     * Releases the buffers this reply holds. Only for a reply that is not handed to the server.
     */
    public void release() {
        ReferenceCountUtil.release(line);
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
