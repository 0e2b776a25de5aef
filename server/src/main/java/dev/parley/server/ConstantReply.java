package dev.parley.server;

/**
 * A handler that answers every call with the same shared reply ({@code ping} → {@code OK pong}). The dispatcher
 * recognises it and queues the reply without building a {@link Call}.
 */
final class ConstantReply implements Handler {

    private final Reply reply;

    ConstantReply(Reply reply) {
        this.reply = reply;
    }

    Reply reply() {
        return reply;
    }

    @Override
    public Reply handle(Call call) {
        return reply;
    }
}
