package dev.parley.cli;

import dev.parley.client.ParleyClientException;
import dev.parley.client.RemoteErrorException;

import java.io.PrintWriter;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Maps a failed call to an exit status and a one-line explanation on stderr.
 */
final class Failures {

    private Failures() {
    }

    /**
     * Returns the client exception inside a failure, unwrapping futures.
     *
     * @param t the failure
     * @return the client exception, or {@code null} if it is something else
     */
    static ParleyClientException clientException(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c instanceof ParleyClientException ? (ParleyClientException) c : null;
    }

    /**
     * Returns the exit status for a client failure.
     *
     * @param e the failure
     * @return one of the {@link ExitStatus} values
     */
    static int exitStatus(ParleyClientException e) {
        if (e instanceof RemoteErrorException) {
            return e.isTransient() ? ExitStatus.UNAVAILABLE : ExitStatus.ERR_REPLY;
        }
        if (protocolCause(e)) {
            return ExitStatus.PROTOCOL;
        }
        if (!e.isTransient() && ParleyClientException.SETUP_FAILED.equals(e.code())) {
            return ExitStatus.DENIED;
        }
        if (!e.isTransient() && ParleyClientException.TLS_HANDSHAKE.equals(e.code())) {
            return ExitStatus.UNTRUSTED;
        }
        switch (e.code()) {
            case ParleyClientException.CONNECT_REFUSED:
            case ParleyClientException.CONNECT_TIMEOUT:
            case ParleyClientException.CONNECT_FAILED:
            case ParleyClientException.SETUP_FAILED:
            case ParleyClientException.TLS_HANDSHAKE:
            case ParleyClientException.GREETING_TIMEOUT:
                return ExitStatus.UNAVAILABLE;
            case ParleyClientException.PROTOCOL:
            case ParleyClientException.GREETING_MISMATCH:
                return ExitStatus.PROTOCOL;
            case ParleyClientException.TIMEOUT:
                // A deadline that passed before anything was sent: no usable connection could be made.
                return e.progress() == dev.parley.client.Progress.NOT_SENT
                        ? ExitStatus.UNAVAILABLE : ExitStatus.TEMP_FAIL;
            default:
                return ExitStatus.TEMP_FAIL;
        }
    }

    /** Whether the peer broke the protocol, possibly while a connection was being set up. */
    private static boolean protocolCause(ParleyClientException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof dev.parley.client.ProtocolViolationException
                    || c instanceof dev.parley.codec.text.ParleyProtocolException
                    || c instanceof ParleyClientException
                    && ParleyClientException.GREETING_MISMATCH.equals(((ParleyClientException) c).code())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Prints the failure as {@code parley: <message> (<progress>)} and returns its exit status.
     *
     * @param err where to print
     * @param e the failure
     * @return the exit status
     */
    static int report(PrintWriter err, ParleyClientException e) {
        if (e instanceof RemoteErrorException) {
            RemoteErrorException r = (RemoteErrorException) e;
            err.println("ERR " + r.errorCode().name() + (r.remoteMessage().isEmpty() ? "" : " " + r.remoteMessage()));
        } else {
            err.println("parley: " + e.getMessage() + " (request " + e.progress().name().toLowerCase().replace('_', ' ')
                    + ")");
        }
        err.flush();
        return exitStatus(e);
    }
}
