package dev.parley.agent.client;

import dev.parley.client.Progress;

/**
 * A transfer completed on the wire but its bytes do not check out: the SHA-256 the agent computed differs from the
 * local one, or the length differs from the announced one. Code {@value #CODE}.
 */
public class TransferIntegrityException extends AgentException {

    private static final long serialVersionUID = 1L;

    /** The code of a transfer whose bytes do not check out. */
    public static final String CODE = "INTEGRITY";

    /**
     * Creates the exception.
     *
     * @param detail what differs, with both values
     */
    public TransferIntegrityException(String detail) {
        super(CODE, null, Progress.ANSWERED, false, detail, null);
    }
}
