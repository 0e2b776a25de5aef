package dev.parley.codec.pipeline;

import dev.parley.codec.framing.FrameDecoder;
import dev.parley.codec.framing.InlineDecoder;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one place that assembles a Parley pipeline, used by the server, the client and the tests alike:
 * <pre>
 *  [tls] → framing → wire trace (optional) → idle → codec handlers → (the caller's handlers)
 * </pre>
 * Idle detection sits after the framing so that only complete frames count as activity. With a read idle time
 * alone it is a handler that compares the framing's {@link FrameDecoder#framesDecoded() frame count} once per read
 * batch and stays off the per-request and per-reply path; with a write idle time it is Netty's
 * {@link IdleStateHandler}. Both fire {@link io.netty.handler.timeout.IdleStateEvent}s. The caller adds TLS before
 * (at the head) and its own handlers after (at the tail).
 *
 * <p>When the codec offers an {@link ProtocolCodec#inlineDecoder(Side) inline decoder} and the wire trace is off, the
 * framing stage runs it and the codec's {@link ProtocolCodec#newCodecHandlersAfterInline(Side) handlers after it}
 * are installed ({@code parley-codec-0}, ...): every installed stage is one that runs.
 */
public final class ParleyPipeline {

    /** Name of the framing decoder in the pipeline. */
    public static final String FRAMING = "parley-framing";
    /** Name of the wire trace handler, when present. */
    public static final String WIRE_TRACE = "parley-wire";
    /** Name of the idle detection stage, when an idle time is set (it fires {@code IdleStateEvent}s). */
    public static final String IDLE = "parley-idle";
    /** Prefix of the codec handlers' names, followed by their index. */
    public static final String CODEC_PREFIX = "parley-codec-";

    private ParleyPipeline() {
    }

    /**
     * Adds the framing, wire trace, idle and codec stages at the tail of a pipeline.
     *
     * @param pipeline the channel's pipeline
     * @param codec the protocol
     * @param side which side this pipeline serves
     * @param options idle times and wire trace
     * @return the same pipeline
     */
    public static ChannelPipeline install(ChannelPipeline pipeline, ProtocolCodec codec, Side side,
                                          PipelineOptions options) {
        boolean trace = options.wireTrace() == PipelineOptions.WireTrace.ALWAYS
                || options.wireTrace() == PipelineOptions.WireTrace.WHEN_LOGGER_ENABLED && WireTraceHandler.enabled();
        InlineDecoder inline = trace ? null : codec.inlineDecoder(side);
        FrameDecoder framing = inline == null ? codec.framing(side).newDecoder()
                : codec.framing(side).newDecoder(inline);
        pipeline.addLast(FRAMING, framing);
        if (trace) {
            pipeline.addLast(WIRE_TRACE, WireTraceHandler.INSTANCE);
        }
        long readNanos = options.readIdle().toNanos();
        long writeNanos = options.writeIdle().toNanos();
        if (writeNanos > 0) {
            pipeline.addLast(IDLE, new IdleStateHandler(readNanos, writeNanos, 0, TimeUnit.NANOSECONDS));
        } else if (readNanos > 0) {
            pipeline.addLast(IDLE, new ReadIdleHandler(framing, readNanos));
        }
        List<ChannelHandler> handlers = inline == null ? codec.newCodecHandlers(side)
                : codec.newCodecHandlersAfterInline(side);
        for (int i = 0; i < handlers.size(); i++) {
            pipeline.addLast(CODEC_PREFIX + i, handlers.get(i));
        }
        return pipeline;
    }

    /**
     * Adds the stages with the default options.
     *
     * @param pipeline the channel's pipeline
     * @param codec the protocol
     * @param side which side this pipeline serves
     * @return the same pipeline
     */
    public static ChannelPipeline install(ChannelPipeline pipeline, ProtocolCodec codec, Side side) {
        return install(pipeline, codec, side, PipelineOptions.defaults());
    }
}
