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
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What push and pull share: connecting, the progress bar (on a terminal only) and turning failures into exit
 * statuses.
 */
final class TransferCommand {

    private TransferCommand() {
    }

    /** One transfer: push or pull over an agent client, reporting progress. */
    interface Transfer {
        TransferResult run(AgentClient agent, ProgressListener progress, Duration timeout) throws IOException;
    }

    static int run(HostPort target, ClientFlags flags, String label, long total, Transfer transfer,
                   PrintWriter err) {
        ClientOptions options = flags.options();
        boolean terminal = System.console() != null;
        try (ParleyClient client = ParleyClient.create(1);
             AgentClient agent = AgentClient.connect(client, target.address(), options);
             ProgressBar bar = terminal ? bar(label, total) : null) {
            ProgressListener progress = bar == null ? null : new ProgressListener() {
                @Override
                public void onBytesSent(long sent, long all) {
                    bar.maxHint(all);
                    bar.stepTo(sent);
                }

                @Override
                public void onBytesReceived(long received, long all) {
                    if (all >= 0) {
                        bar.maxHint(all);
                    }
                    bar.stepTo(received);
                }
            };
            TransferResult result = transfer.run(agent, progress, options.requestTimeout());
            if (bar != null) {
                bar.stepTo(result.length());
            }
            if (terminal) {
                err.println(result.length() + " bytes, sha256 " + result.sha256());
                err.flush();
            }
            return ExitStatus.OK;
        } catch (TransferIntegrityException e) {
            err.println("parley: " + e.getMessage());
            err.flush();
            return ExitStatus.PROTOCOL;
        } catch (AgentException e) {
            if (e.getCause() instanceof ParleyClientException) {
                return Failures.report(err, (ParleyClientException) e.getCause());
            }
            err.println("parley: " + e.getMessage());
            err.flush();
            return e.errorCode() != null ? ExitStatus.ERR_REPLY : ExitStatus.TEMP_FAIL;
        } catch (ParleyClientException e) {
            return Failures.report(err, e);
        } catch (IOException e) {
            err.println("parley: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            err.flush();
            return ExitStatus.IO_ERROR;
        }
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

    static Path fileName(String remote) {
        String name = remote.endsWith("/") ? remote.substring(0, remote.length() - 1) : remote;
        return Path.of(name.substring(name.lastIndexOf('/') + 1));
    }
}
