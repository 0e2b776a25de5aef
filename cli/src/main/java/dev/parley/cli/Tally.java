package dev.parley.cli;

import com.google.gson.JsonObject;
import dev.parley.client.Progress;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Counts what a push or pull did (files sent, skipped as identical, failed; bytes; time) and gives the exit status:
 * {@code 0} when every file made it, else the status of the first failure. With {@code --json} it also writes one
 * {@link JsonOutput#file record} per file as it goes, and the {@link JsonOutput#summary summary} at the end.
 */
final class Tally {

    private final long startNanos = System.nanoTime();
    private final JsonOutput json;
    private int sent;
    private int skipped;
    private int failed;
    private int notTried;
    private long bytes;
    private int status = ExitStatus.OK;

    /** A tally for human output only. */
    Tally() {
        this(null);
    }

    /** A tally that also writes JSON Lines to {@code json}, unless it is {@code null}. */
    Tally(JsonOutput json) {
        this.json = json;
    }

    /** Whether records go to JSON output (and a progress bar would be in the way). */
    boolean json() {
        return json != null;
    }

    void sent(long length) {
        sent++;
        bytes += length;
    }

    /** Counts a file copied and verified; {@code status} is {@code SENT} or {@code RECEIVED}. */
    void copied(TreeItem item, long length, String sha256, JsonOutput.FileStatus status) {
        sent(length);
        write(JsonOutput.file(item.local().toString(), item.remote(), length, sha256, status));
    }

    void skipped() {
        skipped++;
    }

    /** Counts a file already identical at the receiving end. */
    void skipped(TreeItem item, long length, String sha256) {
        skipped();
        write(JsonOutput.file(item.local().toString(), item.remote(), length, sha256,
                JsonOutput.FileStatus.SKIPPED));
    }

    void failed(int exitStatus) {
        failed++;
        if (status == ExitStatus.OK) {
            status = exitStatus;
        }
    }

    /**
     * Counts a file that failed with {@code error} (an object of {@link JsonOutput#error}, whose {@code exitStatus}
     * is the one counted).
     */
    void failed(String file, String remote, long length, JsonObject error) {
        failed(JsonOutput.exitStatus(error));
        write(JsonOutput.fileFailed(file, remote, length, error));
    }

    /** Counts a file that failed with {@code e}, already reported on stderr with the status {@code exitStatus}. */
    void failed(int exitStatus, String file, String remote, long length, Throwable e) {
        JsonObject error = JsonOutput.error(e);
        error.addProperty("exitStatus", exitStatus);
        failed(file, remote, length, error);
    }

    /** Counts a local source that does not exist: a failure before anything was sent. */
    void missing(String file, String remote, String message) {
        failed(file, remote, 0, JsonOutput.error("IO_ERROR", message, false, Progress.NOT_SENT,
                ExitStatus.IO_ERROR));
    }

    /**
     * Counts a failure of the whole command rather than of one file (the connection, the listing): with
     * {@code --json} an error object on its own.
     */
    void failedRun(int exitStatus, Throwable e) {
        failed(exitStatus);
        if (json != null) {
            JsonObject error = JsonOutput.error(e);
            error.addProperty("exitStatus", exitStatus);
            json.write(error);
        }
    }

    /** Reports a usage error found while planning (e.g. a directory without {@code -r}) and counts it. */
    void usage(PrintWriter err, String message) {
        err.println("parley: " + message);
        err.flush();
        failed(ExitStatus.USAGE);
        if (json != null) {
            json.write(JsonOutput.error("USAGE", message, false, Progress.NOT_SENT, ExitStatus.USAGE));
        }
    }

    /** Counts the files that were not tried because the connection failed; each gets a failed record. */
    void notTried(Iterable<TreeItem> rest) {
        for (TreeItem item : rest) {
            if (!item.directory()) {
                notTried++;
                write(JsonOutput.fileFailed(item.local().toString(), item.remote(), 0, JsonOutput.error(
                        "NOT_TRIED", "not tried: an earlier failure ended the connection", true, Progress.NOT_SENT,
                        status)));
            }
        }
    }

    int sent() {
        return sent;
    }

    int status() {
        return status;
    }

    /**
     * Prints {@code parley: push: 3 sent, 1 skipped (identical), 0 failed; 1048576 bytes in 0.4 s (2.5 MiB/s)}
     * ({@code received} instead of {@code sent} for a pull), or with {@code --json} only the summary object, where
     * the files not tried count as failed.
     */
    void print(PrintWriter err, String verb) {
        long nanos = Math.max(System.nanoTime() - startNanos, 1);
        double seconds = nanos / 1e9;
        double rate = bytes / seconds / (1024 * 1024);
        String moved = "pull".equals(verb) ? "received" : "sent";
        if (json == null) {
            err.println(String.format(Locale.ROOT, "parley: %s: %d %s, %d skipped (identical), %d failed%s; "
                            + "%d bytes in %.1f s (%.1f MiB/s)", verb, sent, moved, skipped, failed,
                    notTried > 0 ? ", " + notTried + " not tried" : "", bytes, seconds, rate));
            err.flush();
            return;
        }
        json.write(JsonOutput.summary(new JsonOutput.TransferTally(sent + skipped + failed + notTried, sent, skipped,
                failed + notTried, bytes, Duration.ofNanos(nanos), status)));
    }

    private void write(JsonObject record) {
        if (json != null) {
            json.write(record);
        }
    }
}
