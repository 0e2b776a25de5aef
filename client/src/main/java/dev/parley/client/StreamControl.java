package dev.parley.client;

/**
 * Backpressure for a streamed reply body: {@link #pause()} stops reading from the connection (other requests on
 * the connection wait too), {@link #resume()} starts again. Safe to call from any thread.
 */
public interface StreamControl {

    /** Stops reading from the connection until {@link #resume()}. */
    void pause();

    /** Starts reading again. */
    void resume();
}
