package dev.parley.testkit;

/**
 * The budget of one fuzzing run, shared by every {@code @FuzzTest} of the project so that {@code bench/fuzz.sh} gives
 * each target the same: a run stops after {@value #EXECUTIONS} executions or {@value #MAX_DURATION}, whichever comes
 * first. Only fuzzing mode ({@code JAZZER_FUZZ=1}) reads them; the build's regression mode runs the committed seeds
 * once.
 */
public final class FuzzRuns {

    /** Executions per fuzzing run: {@value}. */
    public static final long EXECUTIONS = 1_000_000;

    /** Time limit per fuzzing run: {@value}. */
    public static final String MAX_DURATION = "30m";

    private FuzzRuns() {
    }
}
