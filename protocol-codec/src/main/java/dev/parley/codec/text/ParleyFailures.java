package dev.parley.codec.text;

import dev.parley.codec.spi.Failure;
import dev.parley.codec.spi.FailureReplies;

/**
 * The Parley text protocol's words for the server core's own answers: {@code ERR <code> <message>}, or
 * {@code BYE <code> <message>} when the connection closes. {@link Failure#SHUTTING_DOWN} is {@code UNAVAILABLE} for a
 * refused request and {@code SHUTDOWN} for the last line; every other failure has the error code of its name.
 */
public final class ParleyFailures implements FailureReplies {

    /** The shared instance. */
    public static final ParleyFailures INSTANCE = new ParleyFailures();

    private ParleyFailures() {
    }

    @Override
    public ParleyReply reply(Failure failure, String message, boolean closes) {
        ErrorCode code = code(failure, closes);
        return closes ? ParleyReply.bye(code, message) : ParleyReply.error(code, message);
    }

    /**
     * Returns the error code Parley sends for a failure.
     *
     * @param failure the failure
     * @param closes whether the connection closes after the reply
     * @return the code
     */
    public static ErrorCode code(Failure failure, boolean closes) {
        switch (failure) {
            case UNKNOWN_COMMAND: return ErrorCode.UNKNOWN_COMMAND;
            case BAD_ARGS: return ErrorCode.BAD_ARGS;
            case BAD_REQUEST: return ErrorCode.BAD_REQUEST;
            case TOO_LONG: return ErrorCode.TOO_LONG;
            case TOO_LARGE: return ErrorCode.TOO_LARGE;
            case AUTH_REQUIRED: return ErrorCode.AUTH_REQUIRED;
            case DENIED: return ErrorCode.DENIED;
            case BUSY: return ErrorCode.BUSY;
            case TIMEOUT: return ErrorCode.TIMEOUT;
            case INTERNAL: return ErrorCode.INTERNAL;
            case FAILED: return ErrorCode.FAILED;
            case SHUTTING_DOWN: return closes ? ErrorCode.SHUTDOWN : ErrorCode.UNAVAILABLE;
            case IDLE: return ErrorCode.IDLE;
            case PROTOCOL: return ErrorCode.PROTOCOL;
            default: throw new IllegalArgumentException("failure: " + failure);
        }
    }

    /**
     * Returns the failure a request decoder's error code stands for, the inverse of {@link #code}.
     *
     * @param code the code
     * @return the failure; {@link Failure#BAD_REQUEST} for a code that names none
     */
    public static Failure failure(ErrorCode code) {
        for (Failure f : Failure.values()) {
            if (code(f, false).equals(code) || code(f, true).equals(code)) {
                return f;
            }
        }
        return Failure.BAD_REQUEST;
    }
}
