package dev.parley.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Counts what a push or pull did (files sent, skipped as identical, failed; bytes; time) and gives the exit status:
 * {@code 0} when every file made it, else the status of the first failure.
 */
final class Tally {

    private final long startNanos = System.nanoTime();
    private int sent;
    private int skipped;
    private int failed;
    private int notTried;
    private long bytes;
    private int status = ExitStatus.OK;

    void sent(long length) {
        sent++;
        bytes += length;
    }

    void skipped() {
        skipped++;
    }

    void failed(int exitStatus) {
        failed++;
        if (status == ExitStatus.OK) {
            status = exitStatus;
        }
    }

    void notTried(int count) {
        notTried += count;
    }

    int sent() {
        return sent;
    }

    int status() {
        return status;
    }

    /**
     * Prints {@code parley: push: 3 sent, 1 skipped (identical), 0 failed; 1048576 bytes in 0.4 s (2.5 MiB/s)}
     * ({@code received} instead of {@code sent} for a pull).
     */
    void print(PrintWriter err, String verb) {
        double seconds = Math.max(System.nanoTime() - startNanos, 1) / 1e9;
        double rate = bytes / seconds / (1024 * 1024);
        String moved = "pull".equals(verb) ? "received" : "sent";
        err.println(String.format(Locale.ROOT, "parley: %s: %d %s, %d skipped (identical), %d failed%s; "
                        + "%d bytes in %.1f s (%.1f MiB/s)", verb, sent, moved, skipped, failed,
                notTried > 0 ? ", " + notTried + " not tried" : "", bytes, seconds, rate));
        err.flush();
    }
}
