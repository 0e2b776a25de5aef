package dev.parley.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.MessageToByteEncoder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Small handlers that give the testkit's own tests something to drive. */
final class TestDecoders {

    private TestDecoders() {
    }

    /** Emits each LF-terminated line as a String; at end of input, emits the unterminated rest as "EOF:rest". */
    static final class StringLines extends ByteToMessageDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            int eol;
            while ((eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n')) >= 0) {
                out.add(in.readCharSequence(eol - in.readerIndex(), StandardCharsets.US_ASCII).toString());
                in.skipBytes(1);
            }
        }

        @Override
        protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            decode(ctx, in, out);
            if (in.isReadable()) {
                out.add("EOF:" + in.readCharSequence(in.readableBytes(), StandardCharsets.US_ASCII));
            }
        }
    }

    /** Rejects the byte 'X' with an exception and passes every other byte on as a one-character String. */
    static final class RejectX extends ByteToMessageDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            while (in.isReadable()) {
                byte b = in.readByte();
                if (b == 'X') {
                    throw new IllegalArgumentException("X at stream offset");
                }
                out.add(String.valueOf((char) b));
            }
        }
    }

    /** A piece of a '.'-terminated stream; the piece that ends at the '.' is the last one. */
    static final class Piece extends DefaultByteBufHolder {
        final boolean last;

        Piece(ByteBuf content, boolean last) {
            super(content);
            this.last = last;
        }

        @Override
        public Piece replace(ByteBuf content) {
            return new Piece(content, last);
        }
    }

    /** Streams whatever bytes arrived as pieces, as a streaming body decoder would: boundaries follow the reads. */
    static final class Streaming extends ByteToMessageDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            while (in.isReadable()) {
                int dot = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '.');
                if (dot < 0) {
                    out.add(new Piece(in.readRetainedSlice(in.readableBytes()), false));
                    return;
                }
                out.add(new Piece(in.readRetainedSlice(dot - in.readerIndex()), true));
                in.skipBytes(1);
            }
        }
    }

    /** Writes each String followed by CR LF. */
    static final class CrlfEncoder extends MessageToByteEncoder<String> {
        @Override
        protected void encode(ChannelHandlerContext ctx, String msg, ByteBuf out) {
            out.writeCharSequence(msg, StandardCharsets.UTF_8);
            out.writeByte('\r').writeByte('\n');
        }
    }
}
