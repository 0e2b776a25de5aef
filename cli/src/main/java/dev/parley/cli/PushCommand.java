package dev.parley.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code parley push LOCAL HOST[:PORT]:REMOTE}: uploads a file; the agent stores it atomically and both sides'
 * SHA-256 must match.
 */
@Command(name = "push", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Upload a file to an agent. The agent stores it atomically (never a partial file) and the "
                + "SHA-256 it computed must match the local one.",
                "Shows a progress bar with rate and ETA on a terminal."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:stored and verified", "1:ERR reply", "64:usage error", "69:cannot connect",
                "74:local file unreadable", "75:timed out or connection lost", "76:protocol violation or hash mismatch",
                "77:credentials refused (wrong token), not retried", "78:TLS certificate not trusted, not retried"})
final class PushCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Verbosity verbosity;

    @Mixin
    ClientFlags flags;

    @Mixin
    JsonFlag json;

    @Parameters(index = "0", paramLabel = "LOCAL", description = "The file to upload.")
    Path local;

    @Parameters(index = "1", paramLabel = "HOST[:PORT]:REMOTE",
            description = "Where to store it, e.g. localhost:/builds/app.zip (a trailing / keeps the file name).")
    String target;

    @Override
    public Integer call() {
        verbosity.apply();
        HostPort hp = HostPort.parseWithPath(target, Main.DEFAULT_AGENT_PORT);
        if (json.enabled()) {
            return TransferJson.push(hp, flags, local);
        }
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(local)) {
            err.println("parley: " + local + ": no such file");
            err.flush();
            return ExitStatus.IO_ERROR;
        }
        String remote = hp.path().endsWith("/") ? hp.path() + local.getFileName() : hp.path();
        long size;
        try {
            size = Files.size(local);
        } catch (java.io.IOException e) {
            err.println("parley: " + local + ": " + e.getMessage());
            return ExitStatus.IO_ERROR;
        }
        return TransferCommand.run(hp, flags, "push " + local.getFileName(), size,
                (agent, progress, timeout) -> agent.push(local, remote, progress, timeout), err);
    }
}
