package dev.parley.client.spi;

import dev.parley.client.Request;
import dev.parley.codec.pipeline.ProtocolCodec;
import dev.parley.codec.text.ParleyRequest;
import dev.parley.codec.text.ParleyRequestEncoder;
import io.netty.buffer.ByteBuf;

/** The Parley text protocol v1 as a {@link ClientProtocol}: {@code HELLO} greeting, {@code ping}, {@code auth}. */
final class ParleyClientProtocol implements ClientProtocol {

    private static final Request PING = Request.query("ping");

    private final ProtocolCodec codec;
    private final GreetingCheck greeting;

    ParleyClientProtocol(ProtocolCodec codec, String service) {
        this.codec = codec;
        this.greeting = GreetingCheck.parley(service);
    }

    @Override
    public ProtocolCodec codec() {
        return codec;
    }

    @Override
    public GreetingCheck greeting() {
        return greeting;
    }

    @Override
    public ReplyAssembler newAssembler() {
        return new ParleyReplyAssembler();
    }

    @Override
    public Object encode(Request request) {
        return request.body() == null ? ParleyRequest.of(request.verb(), request.args())
                : ParleyRequest.withBody(request.verb(), request.args(), request.body().length());
    }

    @Override
    public boolean encodeInto(Request request, ByteBuf out) {
        ParleyRequestEncoder.encode(ParleyRequest.of(request.verb(), request.args()), out);
        return true;
    }

    @Override
    public Request keepalive() {
        return PING;
    }

    @Override
    public Request authenticate(String token) {
        return Request.action("auth", token).sensitive();
    }

    @Override
    public String toString() {
        return codec.name();
    }
}
