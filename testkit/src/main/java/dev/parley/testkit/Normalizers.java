package dev.parley.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Ready-made normalisers for {@link CodecHarness}: functions that take ownership of one run's decoded messages and
 * turn them into values that can be compared across runs. Compose them with {@link Function#andThen(Function)}:
 *
 * <pre>{@code
 * Normalizers.mergeChunks(BlockChunk.class, BlockChunk::isLast)
 *         .andThen(Normalizers.describeAll(Normalizers::describe))
 * }</pre>
 */
public final class Normalizers {

    private Normalizers() {
    }

    /**
     * Returns a normaliser that maps every message through {@code describer} and then releases it.
     *
     * @param describer turns one message (or a recorded {@link Throwable}) into a plain, comparable value; it must
     *                  not keep the message
     * @return a normaliser returning a new list of descriptions
     */
    public static Function<List<Object>, List<Object>> describeAll(Function<Object, ?> describer) {
        Objects.requireNonNull(describer, "describer");
        return messages -> {
            List<Object> described = new ArrayList<>(messages.size());
            try {
                for (Object msg : messages) {
                    described.add(describer.apply(msg));
                }
            } finally {
                messages.forEach(ReferenceCountUtil::release);
            }
            return described;
        };
    }

    /**
     * Returns a normaliser that merges each run of adjacent messages of class {@code type} that belong together:
     * a message joins the one before it when that one is of the same class and not {@code isLast}. The merged
     * message is the run's final message with its content replaced ({@link ByteBufHolder#replace(ByteBuf)}) by the
     * concatenated bytes, so it keeps the final message's flags. Merged pieces are released; other messages pass
     * through unchanged and still owned by the caller.
     *
     * @param type the chunk class, for example a streamed body chunk
     * @param isLast whether a chunk ends its stream, so that the next chunk starts a new one
     * @param <T> the chunk type
     * @return a normaliser returning a new list
     */
    public static <T extends ByteBufHolder> UnaryOperator<List<Object>> mergeChunks(Class<T> type,
                                                                                    Predicate<? super T> isLast) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(isLast, "isLast");
        return messages -> {
            List<Object> merged = new ArrayList<>(messages.size());
            List<T> run = new ArrayList<>();
            for (Object msg : messages) {
                if (type.isInstance(msg)) {
                    T chunk = type.cast(msg);
                    run.add(chunk);
                    if (isLast.test(chunk)) {
                        merged.add(join(run));
                    }
                } else {
                    if (!run.isEmpty()) {
                        merged.add(join(run));
                    }
                    merged.add(msg);
                }
            }
            if (!run.isEmpty()) {
                merged.add(join(run));
            }
            return merged;
        };
    }

    /** Joins and releases the chunks of {@code run}, then clears it. */
    private static ByteBufHolder join(List<? extends ByteBufHolder> run) {
        ByteBufHolder lastPiece = run.get(run.size() - 1);
        if (run.size() == 1) {
            run.clear();
            return lastPiece;
        }
        int total = 0;
        for (ByteBufHolder piece : run) {
            total += piece.content().readableBytes();
        }
        ByteBuf joined = Unpooled.buffer(total);
        for (ByteBufHolder piece : run) {
            ByteBuf content = piece.content();
            joined.writeBytes(content, content.readerIndex(), content.readableBytes());
        }
        ByteBufHolder result = lastPiece.replace(joined);
        run.forEach(ReferenceCountUtil::release);
        run.clear();
        return result;
    }

    /**
     * Describes a message without depending on buffer indexes or capacities: a {@link ByteBuf} as
     * {@code ByteBuf[escaped bytes]}; a {@link ByteBufHolder} as {@code SimpleName[escaped bytes]}; a
     * {@link Throwable} as {@code ClassName: message}; anything else as {@link String#valueOf(Object)}. Bytes are
     * escaped with {@link ByteStrings#escape(ByteBuf)}. Releases nothing.
     *
     * @param msg the message
     * @return its description
     */
    public static String describe(Object msg) {
        if (msg instanceof ByteBuf) {
            return "ByteBuf[" + ByteStrings.escape((ByteBuf) msg) + ']';
        }
        if (msg instanceof ByteBufHolder) {
            return msg.getClass().getSimpleName() + '[' + ByteStrings.escape(((ByteBufHolder) msg).content()) + ']';
        }
        if (msg instanceof Throwable) {
            return msg.getClass().getName() + ": " + ((Throwable) msg).getMessage();
        }
        return String.valueOf(msg);
    }
}
