package dev.parley.server;

import dev.parley.codec.spi.Request;
import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * One request as a handler sees it: the request line, its session, and its body when the command
 * {@linkplain Command.Builder#aggregateBody(int) aggregates} one.
 */
public final class Call {

    private final Request request;
    private final Session session;
    private final ByteBuf body;

    Call(Request request, Session session, ByteBuf body) {
        this.request = request;
        this.session = session;
        this.body = body;
    }

    /** @return the request line */
    public Request request() {
        return request;
    }

    /** @return the verb, as the decoder delivered it */
    public String verb() {
        return request.verb();
    }

    /** @return the arguments */
    public List<String> args() {
        return request.args();
    }

    /**
     * Returns one argument.
     *
     * @param index zero-based
     * @return the argument
     * @throws IndexOutOfBoundsException if there is no such argument (the router's arity check prevents it)
     */
    public String arg(int index) {
        return request.args().get(index);
    }

    /** @return the session of the connection the request came on */
    public Session session() {
        return session;
    }

    /**
     * Returns the aggregated body. It belongs to the server, which releases it once the handler is done with it:
     * right after a synchronous or {@linkplain Command.Builder#blocking() blocking} handler returns, and when the
     * stage of an {@linkplain AsyncHandler async} handler completes. A timeout or a closed connection never frees it
     * under a handler that is still running; retain it to keep it longer.
     *
     * @return the body, or {@code null} when the request has none or the command streams it
     */
    public ByteBuf body() {
        return body;
    }

    @Override
    public String toString() {
        return "Call(" + request + " on " + session.id() + ')';
    }
}
