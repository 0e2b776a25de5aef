package dev.parley.server;

import dev.parley.codec.pipeline.ParleyPipeline;
import dev.parley.codec.pipeline.Side;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;

/**
 * Sets up one accepted connection: {@code [bytes] → [tls] → ParleyPipeline (framing, wire trace, idle, codec) →
 * session}. The session handler sits at the tail and writes through the codec; the byte counter is there only when
 * the server has an observer. No chunked-write stage: file bodies under TLS are read on the blocking executor and
 * written as buffers ({@link FileTransfer}), and a stage that queued writes out of sight of the channel's outbound
 * buffer would hide them from the reply byte budget.
 */
final class ServerInitializer extends ChannelInitializer<Channel> {

    /** Name of the TLS handler. */
    static final String TLS = "parley-tls";
    /** Name of the session handler. */
    static final String SESSION = "parley-session";

    private final ServerContext context;
    /** Whether to set the per-connection options that the server's bootstrap otherwise sets. */
    private final boolean standalone;

    ServerInitializer(ServerContext context) {
        this(context, false);
    }

    ServerInitializer(ServerContext context, boolean standalone) {
        this.context = context;
        this.standalone = standalone;
    }

    @Override
    protected void initChannel(Channel ch) {
        if (standalone) {
            // What RunningServer sets as child options; a channel type without an option ignores it.
            Limits limits = context.limits();
            ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
            ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(limits.writeBufferLowWaterMark(),
                    limits.writeBufferHighWaterMark()));
        }
        ChannelPipeline p = ch.pipeline();
        boolean tls = context.options().tls() != null;
        SessionHandler session = new SessionHandler(context, tls);
        if (context.observing() != null) {
            p.addLast(ByteCounter.NAME, new ByteCounter(context.observing(), session));
        }
        if (tls) {
            p.addLast(TLS, context.options().tls().newHandler(ch.alloc()));
        }
        ParleyPipeline.install(p, context.options().codec(), Side.SERVER, context.pipelineOptions());
        p.addLast(SESSION, session);
    }
}
