package dev.parley.codec.spi;

import java.util.List;

/**
 * What the server's core needs of a decoded request, whatever the protocol: the command name it is routed by, its
 * arguments (checked against the command's arity) and the length of the body announced with it. A protocol's request
 * decoder emits its own request type implementing this view; the body, if any, follows as
 * {@link dev.parley.codec.framing.BlockChunk}s.
 */
public interface Request {

    /** @return the command name the router looks up; the decoder may hand out one shared string per name */
    String verb();

    /** @return the arguments after the command name, immutable */
    List<String> args();

    /** @return the announced length of the body that follows, or {@code -1} when none follows */
    long bodyLength();

    /** @return whether a body follows */
    default boolean hasBody() {
        return bodyLength() >= 0;
    }
}
