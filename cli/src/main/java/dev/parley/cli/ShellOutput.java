package dev.parley.cli;

/**
 * Where {@code parley shell} prints: a terminal with colours when interactive, a list of lines in tests.
 */
interface ShellOutput {

    /** Prints a successful reply's line, or a summary ({@code OK ...}, {@code put ...}). */
    void ok(String line);

    /** Prints a reply's body; a final line feed is added when missing. */
    void body(String text);

    /** Prints the agent's error reply ({@code ERR CODE message}). */
    void remoteError(String line);

    /** Prints a local error or a failed request ({@code error: ...}, {@code failed: ...}). */
    void error(String line);
}
