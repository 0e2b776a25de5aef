package dev.parley.cli;

import dev.parley.agent.client.AgentClient;
import dev.parley.agent.client.AgentException;
import dev.parley.agent.client.TransferIntegrityException;
import dev.parley.agent.client.TransferResult;
import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyClientException;
import dev.parley.client.ProgressListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * What push and pull share: connecting, planning the files, skipping those already identical at the other end,
 * one progress bar over all of them (on a terminal only), the per-file errors, the summary and the exit status.
 * With {@code --json} there is no progress bar: each file gets a record on stdout as it is done (sent or received,
 * skipped, failed with its error object), sources that fail while planning included, then the summary.
 */
final class TransferCommand {

    private TransferCommand() {
    }

    /** One direction of a transfer: push or pull. */
    interface Side {
        /** The word in messages: {@code push} or {@code pull}. */
        String verb();

        /**
         * Lists the directories to create and the files to copy, parents before children; reports sources that
         * cannot be copied into {@code tally} and {@code err}.
         */
        List<TreeItem> plan(AgentClient agent, Tally tally, PrintWriter err) throws IOException;

        /** How a failed item is named on stderr. */
        String label(TreeItem item);

        /** Creates a directory at the receiving end; succeeds if it exists. */
        void makeDir(AgentClient agent, TreeItem dir) throws IOException;

        /**
         * Returns the SHA-256 both ends share when the receiving end already holds the same bytes (same size, then
         * same SHA-256), else {@code null}.
         */
        String sameHash(AgentClient agent, TreeItem file) throws IOException;

        /** What a copied file's record says: {@code SENT} or {@code RECEIVED}. */
        JsonOutput.FileStatus copied();

        /** Copies one file, atomically and verified. */
        TransferResult copy(AgentClient agent, TreeItem file, ProgressListener progress, Duration timeout)
                throws IOException;
    }

    /**
     * Runs one push or pull.
     *
     * @param target the agent
     * @param flags the client flags
     * @param side the direction
     * @param json where JSON Lines go with {@code --json}, else {@code null}
     * @param err where human messages go
     * @return the exit status: 0, or that of the first failure
     */
    static int run(HostPort target, ClientFlags flags, Side side, JsonOutput json, PrintWriter err) {
        ClientOptions options = flags.options();
        Tally tally = new Tally(json);
        boolean planned = false;
        try (ParleyClient client = ParleyClient.create(1);
             AgentClient agent = AgentClient.connect(client, target.address(), options)) {
            List<TreeItem> items = side.plan(agent, tally, err);
            planned = true;
            long total = 0;
            for (TreeItem item : items) {
                total += Math.max(item.size(), 0);
            }
            try (ProgressBar bar = System.console() != null && !tally.json() ? bar(side.verb(), total) : null) {
                copyAll(agent, side, items, bar, options.timeouts().requestTimeout(), tally, err);
            }
        } catch (ParleyClientException e) {
            tally.failedRun(Failures.report(err, e), e);
        } catch (AgentException | IOException e) {
            tally.failedRun(report(err, side.verb(), e), e);
        }
        if (planned) {
            tally.print(err, side.verb());
        }
        return tally.status();
    }

    private static void copyAll(AgentClient agent, Side side, List<TreeItem> items, ProgressBar bar,
                                Duration timeout, Tally tally, PrintWriter err) {
        long done = 0;
        for (int i = 0; i < items.size(); i++) {
            TreeItem item = items.get(i);
            try {
                if (item.directory()) {
                    side.makeDir(agent, item);
                } else {
                    String same = side.sameHash(agent, item);
                    if (same != null) {
                        tally.skipped(item, Files.size(item.local()), same);
                    } else {
                        TransferResult r = side.copy(agent, item, progress(bar, done), timeout);
                        tally.copied(item, r.length(), r.sha256(), side.copied());
                    }
                }
            } catch (ParleyClientException e) {
                offBar(bar, err);
                tally.failed(Failures.report(err, e), item.local().toString(), item.remote(),
                        Math.max(item.size(), 0), e);
                tally.notTried(items.subList(i + 1, items.size()));
                return;
            } catch (AgentException | IOException e) {
                offBar(bar, err);
                tally.failed(report(err, side.verb() + " " + side.label(item), e), item.local().toString(),
                        item.remote(), Math.max(item.size(), 0), e);
                if (e instanceof AgentException && fatal((AgentException) e)) {
                    tally.notTried(items.subList(i + 1, items.size()));
                    return;
                }
            }
            done += Math.max(item.size(), 0);
            if (bar != null) {
                bar.stepTo(done);
            }
        }
    }

    /** Starts a new line so that an error does not land on the progress bar's line; the bar redraws below it. */
    private static void offBar(ProgressBar bar, PrintWriter err) {
        if (bar != null) {
            err.println();
        }
    }

    /** A failure of the connection rather than of one file: the files after it are not tried. */
    private static boolean fatal(AgentException e) {
        return !(e instanceof TransferIntegrityException) && e.errorCode() == null;
    }

    /** Prints a failure as {@code parley: <what>: <reason>} and returns its exit status. */
    static int report(PrintWriter err, String what, Exception e) {
        int status;
        String text;
        if (e instanceof TransferIntegrityException) {
            status = ExitStatus.PROTOCOL;
            text = e.getMessage();
        } else if (e instanceof AgentException) {
            AgentException a = (AgentException) e;
            if (a.getCause() instanceof ParleyClientException) {
                status = Failures.exitStatus((ParleyClientException) a.getCause());
            } else {
                status = a.errorCode() != null ? ExitStatus.ERR_REPLY : ExitStatus.TEMP_FAIL;
            }
            text = what + ": " + (a.errorCode() != null ? "ERR " : "") + a.getMessage();
        } else {
            status = ExitStatus.IO_ERROR;
            text = what + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        err.println("parley: " + text);
        err.flush();
        return status;
    }

    private static ProgressListener progress(ProgressBar bar, long before) {
        if (bar == null) {
            return null;
        }
        return new ProgressListener() {
            @Override
            public void onBytesSent(long sent, long all) {
                bar.stepTo(before + sent);
            }

            @Override
            public void onBytesReceived(long received, long all) {
                bar.stepTo(before + received);
            }
        };
    }

    private static ProgressBar bar(String label, long total) {
        return new ProgressBarBuilder()
                .setTaskName(label)
                .setInitialMax(Math.max(total, 0))
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" MiB", 1024 * 1024)
                .showSpeed()
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .build();
    }

    /** Returns the SHA-256 of a local file in lowercase hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
