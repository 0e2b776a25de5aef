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
 * {@code parley pull HOST[:PORT]:REMOTE LOCAL}: downloads a file into a temporary file and renames it into place.
 */
@Command(name = "pull", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Download a file from an agent. It is written to a temporary file next to LOCAL and renamed "
                + "into place once complete, so LOCAL is never half-written.",
                "Shows a progress bar with rate and ETA on a terminal."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:downloaded", "1:ERR reply (e.g. NOT_FOUND)", "64:usage error", "69:cannot connect",
                "74:local file unwritable", "75:timed out or connection lost", "76:protocol violation",
                "77:credentials refused (wrong token), not retried", "78:TLS certificate not trusted, not retried"})
final class PullCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Verbosity verbosity;

    @Mixin
    ClientFlags flags;

    @Mixin
    JsonFlag json;

    @Parameters(index = "0", paramLabel = "HOST[:PORT]:REMOTE", description = "The file, e.g. localhost:/logs/run.txt.")
    String source;

    @Parameters(index = "1", paramLabel = "LOCAL", description = "Where to write it (a directory keeps the name).")
    Path local;

    @Override
    public Integer call() {
        verbosity.apply();
        HostPort hp = HostPort.parseWithPath(source, Main.DEFAULT_AGENT_PORT);
        Path target = Files.isDirectory(local) ? local.resolve(TransferCommand.fileName(hp.path())) : local;
        if (json.enabled()) {
            return TransferJson.pull(hp, flags, target);
        }
        PrintWriter err = spec.commandLine().getErr();
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            err.println("parley: " + target + ": the directory does not exist");
            err.flush();
            return ExitStatus.IO_ERROR;
        }
        return TransferCommand.run(hp, flags, "pull " + TransferCommand.fileName(hp.path()), -1,
                (agent, progress, timeout) -> agent.pull(hp.path(), target, progress, timeout), err);
    }
}
