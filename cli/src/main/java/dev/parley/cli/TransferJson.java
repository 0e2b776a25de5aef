package dev.parley.cli;

import com.google.gson.JsonObject;
import dev.parley.agent.client.AgentClient;
import dev.parley.agent.client.AgentException;
import dev.parley.agent.client.TransferResult;
import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyClientException;
import dev.parley.client.Progress;
import dev.parley.client.ProgressListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code parley push --json} and {@code parley pull --json} of one file: no progress bar, one
 * {@link JsonOutput#file file record} and one {@link JsonOutput#summary summary} on stdout, the exit status as
 * without {@code --json}.
 */
final class TransferJson {

    /** One file's transfer. */
    private interface Transfer {
        TransferResult run(AgentClient agent, ProgressListener progress, Duration timeout) throws IOException;
    }

    private TransferJson() {
    }

    /**
     * Uploads one file.
     *
     * @param hp the agent and the remote path (a trailing {@code /} keeps the local name)
     * @param flags the client flags
     * @param local the local file
     * @return the exit status
     */
    static int push(HostPort hp, ClientFlags flags, Path local) {
        String remote = hp.path().endsWith("/") ? hp.path() + local.getFileName() : hp.path();
        JsonOutput out = JsonOutput.stdout();
        long start = System.nanoTime();
        long size;
        try {
            if (!Files.isRegularFile(local)) {
                return failed(out, local.toString(), remote, 0, start, JsonOutput.error("IO_ERROR",
                        local + ": no such file", false, Progress.NOT_SENT, ExitStatus.IO_ERROR));
            }
            size = Files.size(local);
        } catch (IOException e) {
            return failed(out, local.toString(), remote, 0, start, JsonOutput.error("IO_ERROR",
                    local + ": " + e.getMessage(), false, Progress.NOT_SENT, ExitStatus.IO_ERROR));
        }
        return run(out, hp, flags, local.toString(), remote, size, start, JsonOutput.FileStatus.SENT,
                (agent, progress, timeout) -> agent.push(local, remote, progress, timeout));
    }

    /**
     * Downloads one file.
     *
     * @param hp the agent and the remote path
     * @param flags the client flags
     * @param target the local file to write
     * @return the exit status
     */
    static int pull(HostPort hp, ClientFlags flags, Path target) {
        JsonOutput out = JsonOutput.stdout();
        long start = System.nanoTime();
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return failed(out, target.toString(), hp.path(), 0, start, JsonOutput.error("IO_ERROR",
                    target + ": the directory does not exist", false, Progress.NOT_SENT, ExitStatus.IO_ERROR));
        }
        return run(out, hp, flags, target.toString(), hp.path(), 0, start, JsonOutput.FileStatus.RECEIVED,
                (agent, progress, timeout) -> agent.pull(hp.path(), target, progress, timeout));
    }

    private static int run(JsonOutput out, HostPort hp, ClientFlags flags, String file, String remote, long size,
                           long start, JsonOutput.FileStatus done, Transfer transfer) {
        TransferResult result;
        try {
            ClientOptions options = flags.options();
            try (ParleyClient client = ParleyClient.create(1);
                 AgentClient agent = AgentClient.connect(client, hp.address(), options)) {
                result = transfer.run(agent, null, options.requestTimeout());
            }
        } catch (AgentException | ParleyClientException | IOException | UncheckedIOException e) {
            return failed(out, file, remote, size, start, JsonOutput.error(e));
        }
        out.write(JsonOutput.file(file, remote, result.length(), result.sha256(), done));
        out.write(JsonOutput.summary(new JsonOutput.TransferTally(1, 1, 0, 0, result.length(), since(start),
                ExitStatus.OK)));
        return ExitStatus.OK;
    }

    private static int failed(JsonOutput out, String file, String remote, long bytes, long start, JsonObject error) {
        int status = JsonOutput.exitStatus(error);
        out.write(JsonOutput.fileFailed(file, remote, bytes, error));
        out.write(JsonOutput.summary(new JsonOutput.TransferTally(1, 0, 0, 1, 0, since(start), status)));
        return status;
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
