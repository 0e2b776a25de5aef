package dev.parley.agent.client;

import dev.parley.client.ParleyClientException;
import dev.parley.client.Progress;
import dev.parley.client.RemoteErrorException;
import dev.parley.codec.text.ErrorCode;

/**
 * An agent call failed. {@link #code()} is a recognisable code, also the first word of the message: the agent's
 * {@code ERR} code ({@code NOT_FOUND}, {@code DENIED}, {@code FAILED}, ...) when the agent answered, or the client's
 * code ({@code TIMEOUT}, {@code CONNECTION_LOST}, {@code CONNECT_REFUSED}, ...) when it did not. Subclasses name the
 * failures callers usually handle: {@link AgentNotFoundException}, {@link AgentDeniedException},
 * {@link TransferIntegrityException}.
 */
public class AgentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final transient ErrorCode errorCode;
    private final Progress progress;
    private final boolean transientFailure;

    /**
     * Creates the exception; the message becomes {@code <code>: <detail>}.
     *
     * @param code the recognisable code
     * @param errorCode the agent's error code, or {@code null} when the agent did not answer
     * @param progress how far the request got
     * @param transientFailure whether trying again later may succeed
     * @param detail what happened
     * @param cause the underlying failure, or {@code null}
     */
    public AgentException(String code, ErrorCode errorCode, Progress progress, boolean transientFailure,
                          String detail, Throwable cause) {
        super(code + ": " + detail, cause);
        this.code = code;
        this.errorCode = errorCode;
        this.progress = progress;
        this.transientFailure = transientFailure;
    }

    /** @return the recognisable code, the first word of the message */
    public String code() {
        return code;
    }

    /** @return the agent's {@code ERR} code, or {@code null} when the agent did not answer */
    public ErrorCode errorCode() {
        return errorCode;
    }

    /** @return how far the request got: answered, rejected unexecuted, unknown, or never sent */
    public Progress progress() {
        return progress;
    }

    /** @return whether trying again later may succeed */
    public boolean isTransient() {
        return transientFailure;
    }

    /**
     * Translates a client failure into the agent's exceptions.
     *
     * @param e the client's failure
     * @return the typed exception, with {@code e} as its cause
     */
    static AgentException from(ParleyClientException e) {
        if (e instanceof RemoteErrorException) {
            RemoteErrorException r = (RemoteErrorException) e;
            ErrorCode c = r.errorCode();
            String detail = r.remoteMessage().isEmpty() ? c.name() : r.remoteMessage();
            if (c.equals(ErrorCode.NOT_FOUND)) {
                return new AgentNotFoundException(detail, r);
            }
            if (c.equals(ErrorCode.DENIED) || c.equals(ErrorCode.AUTH_REQUIRED)) {
                return new AgentDeniedException(c, detail, r);
            }
            return new AgentException(c.name(), c, r.progress(), r.isTransient(), detail, r);
        }
        return new AgentException(e.code(), null, e.progress(), e.isTransient(), e.getMessage(), e);
    }
}
