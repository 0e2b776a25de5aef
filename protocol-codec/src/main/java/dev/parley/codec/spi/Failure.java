package dev.parley.codec.spi;

/**
 * The answers the server's core makes up by itself, without a handler, in neutral terms. A protocol turns each into
 * its own reply message through {@link FailureReplies}: Parley as {@code ERR <code>} or {@code BYE <code>}, memcached
 * as {@code ERROR}, {@code CLIENT_ERROR ...} or {@code SERVER_ERROR ...}.
 */
public enum Failure {
    /** No command of that name. */
    UNKNOWN_COMMAND,
    /** Wrong number of arguments, or a body where none is taken (or none where one is needed). */
    BAD_ARGS,
    /** A request that cannot be decoded, or a body whose trailer is wrong. */
    BAD_REQUEST,
    /** A line over the length limit. */
    TOO_LONG,
    /** A body over the length limit. */
    TOO_LARGE,
    /** The command needs an authenticated session. */
    AUTH_REQUIRED,
    /** Wrong credentials, or too many failed attempts. */
    DENIED,
    /** Too many connections, or no room to run the request; not executed. */
    BUSY,
    /** The handler ran over its time limit; it may have run. */
    TIMEOUT,
    /** The handler failed; the message is the id its stack trace is logged under. */
    INTERNAL,
    /** A resource the reply needs cannot be opened; nothing of it was sent. */
    FAILED,
    /** The server is shutting down; not executed (or, closing, the connection ends). */
    SHUTTING_DOWN,
    /** No request for the idle time; the connection ends. */
    IDLE,
    /** The byte stream cannot be trusted any more (a framing violation, errors in a row); the connection ends. */
    PROTOCOL
}
