package dev.parley.codec.text;

/**
 * A line that breaks the Parley text syntax: invalid UTF-8, an unterminated quote, a bad escape. The message says
 * what and where, for example {@code unterminated quote at byte 12}.
 */
public final class MalformedLineException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and where
     */
    public MalformedLineException(String message) {
        super(message, null, false, false);
    }
}
