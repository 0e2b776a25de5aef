package dev.parley.testkit.peer;

import java.io.IOException;

/**
 * One step of a {@link Script}, written as code when the fluent steps are not enough: for example a reply built from
 * the line just read. Everything it does through the {@link PeerConnection} is recorded in the transcript.
 */
@FunctionalInterface
public interface PeerAction {

    /**
     * Plays the step.
     *
     * @param connection the connection the script runs on
     * @throws IOException if the socket fails; the run fails with it
     * @throws AssertionError if the step finds something it did not expect; the run fails with it
     */
    void run(PeerConnection connection) throws IOException;
}
