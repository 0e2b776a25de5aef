package dev.parley.server;

/**
 * The verbs every Parley text server has unless turned off with {@link Router.Builder#builtins(java.util.Set)}. A
 * command registered under the same verb replaces the built-in one.
 */
public enum Builtin {
    /** {@code ping} → {@code OK pong}. */
    PING,
    /** {@code help [verb]} → {@code OK {n}} and one line per command: kind, verb, usage, description. */
    HELP,
    /** {@code quit} → {@code BYE QUIT}, then the server closes the connection. */
    QUIT
}
