package dev.parley.testkit.server;

/**
 * Carries the transcripts of a failed test's scripted peers. {@link ParleyExtension} adds it as a suppressed
 * exception to the test's failure, so every runner that prints the failure prints the transcripts with it. It has
 * no stack trace of its own: only the message matters.
 */
public final class PeerTranscripts extends Exception {

    private static final long serialVersionUID = 1L;

    PeerTranscripts(String transcripts) {
        super(transcripts, null, false, false);
    }
}
