package dev.parley.agent.client;

import java.nio.charset.StandardCharsets;

/**
 * What an {@code exec} on the agent produced: the exit code, the combined standard output and error (up to the
 * agent's cap), and whether the program was killed at the time limit or output was dropped.
 */
public final class ExecOutput {

    private final int exitCode;
    private final byte[] output;
    private final boolean timedOut;
    private final boolean truncated;

    /**
     * Creates the outcome.
     *
     * @param exitCode the exit code ({@code -1} when none could be read after a kill)
     * @param output the output; copied
     * @param timedOut whether the program was killed at the time limit
     * @param truncated whether output beyond the cap was dropped
     */
    public ExecOutput(int exitCode, byte[] output, boolean timedOut, boolean truncated) {
        this.exitCode = exitCode;
        this.output = output.clone();
        this.timedOut = timedOut;
        this.truncated = truncated;
    }

    /** @return the exit code */
    public int exitCode() {
        return exitCode;
    }

    /** @return a copy of the output bytes */
    public byte[] output() {
        return output.clone();
    }

    /** @return the output decoded as UTF-8 */
    public String outputAsString() {
        return new String(output, StandardCharsets.UTF_8);
    }

    /** @return whether the program was killed at the agent's time limit */
    public boolean timedOut() {
        return timedOut;
    }

    /** @return whether output beyond the agent's cap was dropped */
    public boolean truncated() {
        return truncated;
    }

    /** @return whether the program ran to its end with exit code 0 */
    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }

    @Override
    public String toString() {
        return "ExecOutput{exit=" + exitCode + ", " + output.length + " bytes" + (timedOut ? ", timed out" : "")
                + (truncated ? ", truncated" : "") + '}';
    }
}
