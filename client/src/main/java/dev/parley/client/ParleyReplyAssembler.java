package dev.parley.client;

import dev.parley.codec.framing.BlockChunk;
import dev.parley.codec.text.ParleyProtocolException;
import dev.parley.codec.text.ParleyReply;
import io.netty.util.ReferenceCountUtil;

/**
 * Assembles Parley replies: an {@code OK}, {@code ERR} or {@code BYE} line, and for {@code OK {n}} the block chunks
 * that follow it. One per connection.
 */
final class ParleyReplyAssembler implements ReplyAssembler {

    private Reply head;

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
                    Reply ok = Reply.ok(r.args(), null);
                    if (r.hasBody()) {
                        head = ok;
                        body.begin(ok, r.bodyLength());
                        return null;
                    }
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
