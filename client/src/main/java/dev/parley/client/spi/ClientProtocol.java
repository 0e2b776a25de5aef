package dev.parley.client.spi;

import dev.parley.client.Reply;
import dev.parley.client.Request;
import dev.parley.codec.pipeline.ParleyTextCodec;
import dev.parley.codec.pipeline.ProtocolCodec;
import io.netty.buffer.ByteBuf;

/**
 * What a session needs to know about a protocol: its codec (installed through
 * {@link dev.parley.codec.pipeline.ParleyPipeline}), how requests become outbound messages, how inbound messages
 * become {@link Reply}s, the greeting, keepalive and authentication requests. {@link #parley(String)} is the Parley
 * text protocol; other protocols implement this interface to reuse the session machinery.
 */
public interface ClientProtocol {

    /**
     * Returns the Parley text protocol v1, accepting any service in the greeting.
     *
     * @return the protocol
     */
    static ClientProtocol parley() {
        return parley(null);
    }

    /**
     * Returns the Parley text protocol v1.
     *
     * @param service the service the greeting must name, or {@code null} for any
     * @return the protocol
     */
    static ClientProtocol parley(String service) {
        return new ParleyClientProtocol(ParleyTextCodec.create(), service);
    }

    /** @return the codec */
    ProtocolCodec codec();

    /** @return the greeting check; {@link GreetingCheck#none()} when the server does not speak first */
    GreetingCheck greeting();

    /** @return a new assembler for one connection */
    ReplyAssembler newAssembler();

    /**
     * Returns the outbound message for a request line; a body, if any, is written after it by the session.
     *
     * @param request the request
     * @return a message the codec's encoder accepts
     */
    Object encode(Request request);

    /**
     * Encodes a request line without body straight into a buffer shared by the requests written together, so that a
     * pipelined batch is one write instead of one per request. Optional: the default returns {@code false} and the
     * session writes {@link #encode(Request)} through the pipeline instead.
     *
     * @param request a request without body
     * @param out the batch buffer; on {@code false} nothing may have been written to it
     * @return whether the line was written to {@code out}
     */
    default boolean encodeInto(Request request, ByteBuf out) {
        return false;
    }

    /** @return bytes written after a request body, or an empty array (memcached writes CR LF) */
    default byte[] bodyTrailer() {
        return new byte[0];
    }

    /** @return the request sent to probe an idle connection, or {@code null} when the protocol has none */
    Request keepalive();

    /**
     * Returns the request that presents an auth token on a new connection.
     *
     * @param token the token
     * @return the request (marked sensitive), or {@code null} when the protocol has no authentication
     */
    Request authenticate(String token);
}
