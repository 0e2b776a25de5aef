package dev.parley.agent.client;

import dev.parley.client.Reply;
import dev.parley.codec.text.ParleyProtocolException;

import java.util.List;

/**
 * How a program run by the agent's {@code exec} or {@code run} ended, from the reply line
 * {@code OK <exit-code> [timed-out] [truncated]}: its exit code, and whether the agent killed it at its time limit
 * or dropped output beyond its cap.
 *
 * @param exitCode the exit code; {@code -1} when none could be read after a kill
 * @param timedOut whether the program was stopped at the agent's time limit
 * @param truncated whether output beyond the agent's cap was dropped
 */
public record ExecExit(int exitCode, boolean timedOut, boolean truncated) {

    /** The status a command-line client exits with for a program stopped at its time limit, as timeout(1) does. */
    public static final int TIMED_OUT_STATUS = 124;

    /**
     * Reads the reply line of {@code exec} or {@code run}.
     *
     * @param reply an {@code OK} reply
     * @return the outcome
     * @throws ParleyProtocolException if the line is not {@code OK <exit-code> [timed-out] [truncated]}
     */
    public static ExecExit of(Reply reply) throws ParleyProtocolException {
        List<String> args = reply.args();
        int code;
        try {
            code = args.isEmpty() ? Integer.MIN_VALUE : Integer.parseInt(args.get(0));
        } catch (NumberFormatException e) {
            code = Integer.MIN_VALUE;
        }
        if (code < -1 || code > 255) {
            throw new ParleyProtocolException("exec reply: " + args + " (expected: OK <exit-code> [timed-out] "
                    + "[truncated] with an exit code of -1 to 255)");
        }
        List<String> flags = args.subList(1, args.size());
        return new ExecExit(code, flags.contains("timed-out"), flags.contains("truncated"));
    }

    /**
     * Returns the status a command-line client exits with, like ssh: the program's exit code, or
     * {@value #TIMED_OUT_STATUS} when the agent stopped the program at its time limit.
     *
     * @return the exit status, 0 to 255
     */
    public int status() {
        return timedOut ? TIMED_OUT_STATUS : exitCode < 0 ? 255 : exitCode;
    }
}
