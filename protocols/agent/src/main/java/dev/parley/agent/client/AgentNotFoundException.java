package dev.parley.agent.client;

import dev.parley.client.Progress;
import dev.parley.codec.text.ErrorCode;

/** The agent answered {@code ERR NOT_FOUND}: the path (or program) does not exist. */
public class AgentNotFoundException extends AgentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param detail the agent's message
     * @param cause the client's failure
     */
    public AgentNotFoundException(String detail, Throwable cause) {
        super(ErrorCode.NOT_FOUND.name(), ErrorCode.NOT_FOUND, Progress.ANSWERED, false, detail, cause);
    }
}
