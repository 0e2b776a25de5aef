package dev.parley.agent.client;

import dev.parley.client.Progress;
import dev.parley.codec.text.ErrorCode;

/**
 * The agent refused: {@code ERR DENIED} (a path outside the root, exec not allowed, a wrong token) or
 * {@code ERR AUTH_REQUIRED} (no token presented).
 */
public class AgentDeniedException extends AgentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param code {@link ErrorCode#DENIED} or {@link ErrorCode#AUTH_REQUIRED}
     * @param detail the agent's message
     * @param cause the client's failure
     */
    public AgentDeniedException(ErrorCode code, String detail, Throwable cause) {
        super(code.name(), code, Progress.ANSWERED, false, detail, cause);
    }
}
