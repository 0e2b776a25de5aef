package dev.parley.client;

import dev.parley.codec.text.ErrorCode;

import java.util.Objects;

/**
 * The server answered with an error ({@code ERR <CODE> <message>}). The code is the remote code; it is transient
 * when the server says the request was not executed ({@code BUSY}, {@code UNAVAILABLE}: progress
 * {@link Progress#REJECTED}), and the progress is {@link Progress#ANSWERED} for a permanent error.
 */
public class RemoteErrorException extends ParleyClientException {

    private static final long serialVersionUID = 1L;

    private final transient ErrorCode errorCode;
    private final String remoteMessage;

    /**
     * Creates the exception.
     *
     * @param errorCode the remote code
     * @param remoteMessage the remote message, possibly empty
     * @param progress how far the request got
     * @param detail what was asked, for humans
     */
    public RemoteErrorException(ErrorCode errorCode, String remoteMessage, Progress progress, String detail) {
        super(errorCode.name(), errorCode.isTransient(), progress,
                detail + ": ERR " + errorCode.name() + (remoteMessage.isEmpty() ? "" : " " + remoteMessage), null);
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
        this.remoteMessage = remoteMessage;
    }

    /** @return the remote error code */
    public ErrorCode errorCode() {
        return errorCode;
    }

    /** @return the remote message, possibly empty */
    public String remoteMessage() {
        return remoteMessage;
    }
}
