package dev.parley.agent.client;

import dev.parley.agent.fs.ExecChunk;
import io.netty.buffer.ByteBuf;

/**
 * Where {@link ExecRecords} delivers a program's output: each piece with the stream it was written to, as it
 * arrives. Called on the session's event loop; a sink that blocks (a full pipe) holds the connection's reading, which
 * is how a slow consumer slows the agent down.
 */
@FunctionalInterface
public interface ExecSink {

    /**
     * Takes a piece of output.
     *
     * @param stream the program's stream it came from
     * @param bytes the bytes, valid during the call only (retain them to keep them)
     * @throws Exception to abort the call; the connection is then re-established
     */
    void write(ExecChunk.Stream stream, ByteBuf bytes) throws Exception;
}
