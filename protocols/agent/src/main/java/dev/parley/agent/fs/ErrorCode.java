package dev.parley.agent.fs;

/**
 * The Parley error codes that a file or exec operation of the agent can end with. The enum constant names are the
 * codes as they appear on the wire.
 */
public enum ErrorCode {
    /** The path leaves the sandbox, names something that may not be touched, or the operation is not allowed. */
    DENIED,
    /** The path, or one of its parents, does not exist. */
    NOT_FOUND,
    /** The target already exists in a form that the operation cannot replace. */
    EXISTS,
    /** The operation was valid but did not succeed (I/O error, non-empty directory, wrong file type, ...). */
    FAILED,
    /** An argument is malformed or out of range. */
    BAD_ARGS;

    /**
     * Returns the code as it is written on the wire.
     *
     * @return the wire form, for example {@code "NOT_FOUND"}
     */
    public String wireName() {
        return name();
    }
}
