package dev.parley.server;

import dev.parley.codec.pipeline.ParleyPipeline;
import dev.parley.codec.pipeline.Side;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.stream.ChunkedWriteHandler;

/**
 * Sets up one accepted connection: {@code [tls] → ParleyPipeline (framing, wire trace, idle, codec) → [chunked
 * writes, with TLS] → session}. The session handler sits at the tail and writes through the codec.
 */
final class ServerInitializer extends ChannelInitializer<Channel> {

    /** Name of the TLS handler. */
    static final String TLS = "parley-tls";
    /** Name of the chunked write handler (TLS only, for file bodies). */
    static final String CHUNKED = "parley-chunked";
    /** Name of the session handler. */
    static final String SESSION = "parley-session";

    private final ServerContext context;

    ServerInitializer(ServerContext context) {
        this.context = context;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        boolean tls = context.options().tls() != null;
        if (tls) {
            p.addLast(TLS, context.options().tls().newHandler(ch.alloc()));
        }
        ParleyPipeline.install(p, context.options().codec(), Side.SERVER, context.pipelineOptions());
        if (tls) {
            p.addLast(CHUNKED, new ChunkedWriteHandler());
        }
        p.addLast(SESSION, new SessionHandler(context, tls));
    }
}
