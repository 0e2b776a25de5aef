package dev.parley.codec.framing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Cuts a byte stream into lines and the {@link BlockChunk}s of counted raw blocks, as described by a
 * {@link FramingSpec}. It is the first decoder in a Parley pipeline (after TLS, if any).
 *
 * <p>Emits, in stream order: each line as a retained slice of the input ({@code ByteBuf}, like Netty's
 * {@code LineBasedFrameDecoder}) when it announces no block, or as a {@link LineFrame} carrying the announced length
 * when it does; after such a line, the block as chunks of at most {@link FramingSpec#chunkSize()} bytes, the last
 * one flagged; an {@link OversizedLine} for a line over the limit under {@link OversizePolicy#REJECT_AND_SKIP},
 * once the line's delimiter arrives, with the line's full length (its bytes are discarded as they come, never
 * buffered). A block is never held in memory whole: chunks are emitted as bytes arrive. Bytes after a block in the
 * same read are decoded as the next line.
 *
 * <p>Scanning resumes where it stopped (a saved offset), so a multi-byte delimiter fed one byte at a time still costs
 * linear work; {@link #scannedBytes()} counts the bytes examined for that guarantee.
 *
 * <p>With an {@link InlineDecoder} ({@link FramingSpec#newDecoder(InlineDecoder)}), every frame goes through it
 * before it is passed on: lines and block bytes are handed over in place, without a slice, and what the decoder
 * returns is emitted instead of the frame.
 *
 * <p>Framing violations: raises {@link MalformedAnnouncementException} for a line whose block announcement is
 * malformed (see {@link BlockAnnouncer}) or announces more than {@link FramingSpec#maxAnnouncedLength()}, and
 * {@link FramingException} for an oversized line under {@link OversizePolicy#CLOSE} (its message says
 * {@code line length: >= n} when the line had not ended yet). The frames decoded before the violation are passed on
 * first; the violating line is not; then the decoder is failed for good: everything after it, in the same read or
 * later, is discarded, and the end of input reports nothing more. The owner of the pipeline answers once and closes.
 * {@link TruncatedInputException} is raised when the input ends inside a line or block.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    private enum State {
        LINE,
        DISCARD_LINE,
        BLOCK,
        SKIP_BLOCK,
        FAILED
    }

    private final FramingSpec spec;
    private final DelimiterScanner scanner;
    private final BlockReader blocks;
    /** Runs on every frame when set; null to emit the frames themselves. */
    private final InlineDecoder inline;

    private State state = State.LINE;
    /** Bytes of the oversized line discarded so far, for the error report. */
    private long discarded;
    /** The last bytes of the oversized line discarded so far, for the announcer; null until a line is oversized. */
    private byte[] tail;
    private int tailLength;
    private long framesDecoded;

    /**
     * Creates a decoder; usually obtained through {@link FramingSpec#newDecoder()}.
     *
     * @param spec the framing
     */
    public FrameDecoder(FramingSpec spec) {
        this(spec, null);
    }

    /**
     * Creates a decoder that runs a protocol decoder on each frame; usually obtained through
     * {@link FramingSpec#newDecoder(InlineDecoder)}.
     *
     * @param spec the framing
     * @param inline the decoder run on each frame, or {@code null} to emit the frames themselves
     */
    public FrameDecoder(FramingSpec spec, InlineDecoder inline) {
        this.spec = spec;
        this.inline = inline;
        this.scanner = new DelimiterScanner(spec.scannerDelimiters());
        this.blocks = new BlockReader(spec);
    }

    /**
     * Returns the spec this decoder follows.
     *
     * @return the spec
     */
    public FramingSpec spec() {
        return spec;
    }

    /**
     * Returns the number of bytes examined while looking for delimiters since this decoder was created. A diagnostic
     * for the linear-work guarantee: for any chunking of the input it stays within a small multiple of the input size.
     *
     * @return bytes examined
     */
    public long scannedBytes() {
        return scanner.scannedBytes();
    }

    /**
     * Returns the number of frames decoded since this decoder was created: lines, oversized-line markers and block
     * chunks, whether or not an {@link InlineDecoder} turned them into a message. Read idle detection compares it once
     * per read batch, so that only complete frames count as activity.
     *
     * @return messages emitted
     */
    public long framesDecoded() {
        return framesDecoded;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int before = out.size();
        try {
            decodeFrames(in, out);
        } finally {
            framesDecoded += out.size() - before;
        }
    }

    private void decodeFrames(ByteBuf in, List<Object> out) {
        for (;;) {
            boolean progress;
            switch (state) {
                case LINE:
                    progress = decodeLine(in, out);
                    break;
                case DISCARD_LINE:
                    progress = discardLine(in, out);
                    break;
                case BLOCK:
                    progress = decodeBlock(in, out);
                    break;
                case SKIP_BLOCK:
                    progress = skipBlock(in);
                    break;
                case FAILED:
                    in.skipBytes(in.readableBytes());
                    return;
                default:
                    throw new IllegalStateException("unknown state: " + state);
            }
            if (!progress || !in.isReadable() && state == State.LINE) {
                return;
            }
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.isReadable()) {
            decode(ctx, in, out);
        }
        switch (state) {
            case LINE:
                if (in.isReadable()) {
                    long received = in.readableBytes();
                    in.skipBytes(in.readableBytes());
                    reset();
                    throw new TruncatedInputException(TruncatedInputException.Part.LINE, received, -1);
                }
                break;
            case DISCARD_LINE:
                long received = discarded + in.readableBytes();
                in.skipBytes(in.readableBytes());
                reset();
                throw new TruncatedInputException(TruncatedInputException.Part.LINE, received, -1);
            case BLOCK:
            case SKIP_BLOCK:
                long got = blocks.received(in.readableBytes());
                in.skipBytes(in.readableBytes());
                long expected = blocks.blockLength();
                reset();
                throw new TruncatedInputException(TruncatedInputException.Part.BLOCK, got, expected);
            default:
                break;
        }
    }

    private void reset() {
        state = State.LINE;
        scanner.resumeAt(0);
        discarded = 0;
        tailLength = 0;
        blocks.reset();
    }

    /** Finds the next delimiter; emits the line (and prepares its block) or handles an oversized line. */
    private boolean decodeLine(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int p = scanner.findDelimiterEnd(in);
        if (p >= 0) {
            int length = scanner.lineEnd(in, start, p) - start;
            int limit;
            if (length > spec.maxLineLength() && length > (limit = spec.lineLimit(in, start, length))) {
                if (spec.oversizePolicy() == OversizePolicy.CLOSE) {
                    return fail("line length: " + length + " (expected: <= " + limit + ")", in);
                }
                int tailStart = Math.max(start, start + length - BlockAnnouncer.OVERSIZED_TAIL_LENGTH);
                keepTail(in, tailStart, start + length - tailStart);
                in.readerIndex(p + 1);
                return oversized(length, in, out);
            }
            long announced = announce(in, start, length);
            if (inline != null) {
                decodeInPlace(in, start, length, announced, p + 1, out);
                return true;
            }
            ByteBuf line = in.readRetainedSlice(length);
            in.readerIndex(p + 1);
            if (announced < 0) {
                emit(line, out);
            } else {
                emitAnnouncing(line, announced, out);
            }
            return true;
        }
        int scanned = scanner.scanned();
        int maxDelimiterLength = scanner.maxDelimiterLength();
        // The shortest line the bytes so far can still form: a delimiter (and a CR) may end inside them.
        long lowerBound = (long) scanned - maxDelimiterLength;
        int limit;
        if (lowerBound > spec.maxLineLength() && lowerBound > (limit = spec.lineLimit(in, in.readerIndex(), scanned))) {
            if (spec.oversizePolicy() == OversizePolicy.CLOSE) {
                // The line has not ended: its length is not known, only that it is at least this.
                return fail("line length: >= " + lowerBound + " (expected: <= " + limit + ")", in);
            }
            // Keep what may still be the start of a delimiter, and the CR it would strip, to count the line exactly.
            int keep = maxDelimiterLength;
            keepTail(in, in.readerIndex(), scanned - keep);
            in.skipBytes(scanned - keep);
            scanner.resumeAt(keep);
            discarded = scanned - keep;
            state = State.DISCARD_LINE;
            return true;
        }
        return false;
    }

    /**
     * Asks the announcer about a line. A malformed announcement, an announcer that fails, or a count over
     * {@link FramingSpec#maxAnnouncedLength()} fails the stream.
     */
    private long announce(ByteBuf in, int start, int length) {
        long announced;
        try {
            announced = spec.blockAnnouncer().blockLength(in, start, length);
        } catch (MalformedAnnouncementException e) {
            throw failed(e, in);
        } catch (RuntimeException e) {
            throw failed(new MalformedAnnouncementException("block announcement failed: " + e, e), in);
        }
        return checked(announced, in);
    }

    /** Fails the stream for a count over {@link FramingSpec#maxAnnouncedLength()}; returns it otherwise. */
    private long checked(long announced, ByteBuf in) {
        if (announced > spec.maxAnnouncedLength()) {
            throw failed(new MalformedAnnouncementException("block length: " + announced + " (expected: <= "
                    + spec.maxAnnouncedLength() + ")"), in);
        }
        return announced;
    }

    /**
     * Hands a line to the inline decoder where it lies, and prepares the block it announces, if any; the line's bytes
     * are consumed whatever happens.
     */
    private void decodeInPlace(ByteBuf in, int start, int length, long announced, int next, List<Object> out) {
        Object decoded;
        try {
            if (announced < 0) {
                decoded = inline.decodeLine(in, start, length);
            } else {
                boolean rejected = !blocks.start(announced);
                state = rejected ? State.SKIP_BLOCK : State.BLOCK;
                decoded = inline.decodeAnnouncingLine(in, start, length, announced, rejected);
            }
        } finally {
            in.readerIndex(next);
        }
        add(decoded, out);
    }

    private void add(Object decoded, List<Object> out) {
        if (decoded != null) {
            out.add(decoded);
        } else {
            framesDecoded++;
        }
    }

    /** Emits a frame, through the inline decoder when there is one. */
    private void emit(Object frame, List<Object> out) {
        if (inline == null) {
            out.add(frame);
            return;
        }
        add(inline.decodeFrame(frame), out);
    }

    /**
     * Emits the marker for an oversized line whose tail is kept, then skips the block the tail announces, if any:
     * the line is rejected, and its block must not be read as lines.
     */
    private boolean oversized(long length, ByteBuf in, List<Object> out) {
        long announced = checked(announceTail(in), in);
        tailLength = 0;
        emit(new OversizedLine(length, spec.maxLineLength()), out);
        if (announced >= 0) {
            blocks.startSkipping(announced);
            state = State.SKIP_BLOCK;
        }
        return true;
    }

    private long announceTail(ByteBuf in) {
        ByteBuf lineTail = Unpooled.wrappedBuffer(tail, 0, tailLength);
        try {
            return spec.blockAnnouncer().oversizedBlockLength(lineTail);
        } catch (MalformedAnnouncementException e) {
            throw failed(e, in);
        } catch (RuntimeException e) {
            throw failed(new MalformedAnnouncementException("block announcement failed: " + e, e), in);
        }
    }

    /** Keeps the last bytes of an oversized line, up to {@link BlockAnnouncer#OVERSIZED_TAIL_LENGTH}. */
    private void keepTail(ByteBuf in, int from, int length) {
        int max = BlockAnnouncer.OVERSIZED_TAIL_LENGTH;
        if (tail == null) {
            tail = new byte[max];
        }
        if (length >= max) {
            in.getBytes(from + length - max, tail, 0, max);
            tailLength = max;
            return;
        }
        int kept = Math.min(tailLength, max - length);
        System.arraycopy(tail, tailLength - kept, tail, 0, kept);
        in.getBytes(from, tail, kept, length);
        tailLength = kept + length;
    }

    private boolean fail(String message, ByteBuf in) {
        throw failed(new FramingException(message), in);
    }

    /** Enters the failed state for good: the rest of the input, and all input to come, is discarded. */
    private FramingException failed(FramingException e, ByteBuf in) {
        state = State.FAILED;
        in.skipBytes(in.readableBytes());
        return e;
    }

    /**
     * Skips the rest of an oversized line, keeping enough bytes to see a delimiter that straddles reads (and the CR
     * before it); at the delimiter, emits the {@link OversizedLine} with the line's full length.
     */
    private boolean discardLine(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int p = scanner.findDelimiterEnd(in);
        if (p >= 0) {
            int lineEnd = scanner.lineEnd(in, start, p);
            long length = discarded + lineEnd - start;
            keepTail(in, start, lineEnd - start);
            in.readerIndex(p + 1);
            discarded = 0;
            state = State.LINE;
            return oversized(length, in, out);
        }
        int readable = in.readableBytes();
        int keep = Math.min(scanner.maxDelimiterLength(), readable);
        int drop = readable - keep;
        keepTail(in, start, drop);
        discarded += drop;
        in.skipBytes(drop);
        scanner.resumeAt(keep);
        return false;
    }

    private void emitAnnouncing(ByteBuf line, long announced, List<Object> out) {
        boolean rejected = !blocks.start(announced);
        state = rejected ? State.SKIP_BLOCK : State.BLOCK;
        emit(new LineFrame(line, announced, rejected), out);
    }

    /** Emits the next chunk of the current block; the last one only once its trailer can be checked. */
    private boolean decodeBlock(ByteBuf in, List<Object> out) {
        if (inline != null) {
            int at = in.readerIndex();
            int size = blocks.next(in);
            if (size < 0) {
                return false;
            }
            boolean last = blocks.last();
            boolean trailerValid = blocks.trailerValid();
            if (last) {
                reset();
            }
            add(inline.decodeBlock(in, at, size, last, trailerValid), out);
            return true;
        }
        BlockChunk chunk = blocks.nextChunk(in);
        if (chunk == null) {
            return false;
        }
        if (chunk.isLast()) {
            reset();
        }
        emit(chunk, out);
        return true;
    }

    /** Discards a rejected block and its trailer. */
    private boolean skipBlock(ByteBuf in) {
        if (blocks.skip(in)) {
            reset();
            return true;
        }
        return false;
    }
}
