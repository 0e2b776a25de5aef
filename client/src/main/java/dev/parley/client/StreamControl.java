package dev.parley.client;

/**
 * Backpressure for a streamed reply body, given to {@link BodySink#onStart}. {@link #pause()} stops reading from the
 * connection: the socket is no longer read, so TCP flow control makes the server wait, and the client holds at most
 * the bytes of its last read (decoded chunks from it are kept back, not delivered). {@link #resume()} delivers what
 * was held and reads again. Other requests on the same connection wait while it is paused.
 *
 * <p>A pause belongs to its call: it ends by itself when the call completes, fails or is abandoned at its deadline.
 * The request's deadline keeps running while paused. Safe to call from any thread; from the session's event loop
 * (inside {@link BodySink#onChunk}) it takes effect before the next chunk.
 */
public interface StreamControl {

    /** Stops reading from the connection until {@link #resume()}; does nothing once the call has ended. */
    void pause();

    /** Delivers the held chunks and starts reading again; does nothing unless this call paused. */
    void resume();
}
