package dev.parley.client.spi;

import dev.parley.client.Reply;
import dev.parley.codec.framing.BlockChunk;
import dev.parley.codec.text.ParleyProtocolException;
import dev.parley.codec.text.ParleyReply;
import io.netty.util.ReferenceCountUtil;

/**
 * Assembles Parley replies: an {@code OK}, {@code ERR} or {@code BYE} line, and for {@code OK {n}} the block chunks
 * that follow it. One per connection. Replies are immutable, so a bodiless success identical to the one before it
 * is the same object: a pipelined stream of {@code OK pong} copies no argument list per reply.
 */
final class ParleyReplyAssembler implements ReplyAssembler {

    private Reply head;
    /** The last bodiless success: consecutive identical reply lines ({@code OK}, {@code OK pong}) share it. */
    private Reply lastOk;

    @Override
    public Reply onMessage(Object message, BodyTarget body) throws Exception {
        try {
            if (message instanceof BlockChunk) {
                BlockChunk chunk = (BlockChunk) message;
                if (head == null) {
                    throw new ParleyProtocolException("body bytes without a reply line");
                }
                body.chunk(chunk.content());
                if (!chunk.isLast()) {
                    return null;
                }
                Reply done = head;
                head = null;
                return done;
            }
            if (head != null) {
                throw new ParleyProtocolException("reply line inside a body: " + message);
            }
            if (!(message instanceof ParleyReply)) {
                throw new ParleyProtocolException("unexpected message: " + message);
            }
            ParleyReply r = (ParleyReply) message;
            switch (r.kind()) {
                case OK:
                    if (!r.hasBody() && lastOk != null && lastOk.args().equals(r.args())) {
                        return lastOk;
                    }
                    Reply ok = Reply.ok(r.args(), null);
                    if (r.hasBody()) {
                        head = ok;
                        body.begin(ok, r.bodyLength());
                        return null;
                    }
                    lastOk = ok;
                    return ok;
                case ERR:
                    return Reply.error(r.code(), r.message());
                case BYE:
                    return Reply.goodbye(r.code(), r.message());
                default:
                    throw new ParleyProtocolException("unexpected greeting after the first line: " + r);
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }
}
