package dev.parley.agent.fs;

import dev.parley.codec.text.ErrorCode;

import java.io.IOException;
import java.util.Objects;

/**
 * A file or exec operation of the agent failed in a way that maps onto a Parley error code. The message names the
 * virtual path (as the client sees it, {@code /} being the sandbox root) and never the host path of the root, so it
 * may be sent to the client as is.
 */
public class SandboxException extends IOException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /**
     * Creates the exception.
     *
     * @param code    the Parley error code
     * @param message a client-safe message naming the virtual path
     */
    public SandboxException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * Creates the exception with the host-side cause kept for logging. The cause's message may contain host paths:
     * it is not part of {@link #getMessage()}.
     *
     * @param code    the Parley error code
     * @param message a client-safe message naming the virtual path
     * @param cause   the underlying failure
     */
    public SandboxException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * Returns the Parley error code of this failure.
     *
     * @return the error code, never {@code null}
     */
    public ErrorCode code() {
        return code;
    }
}
