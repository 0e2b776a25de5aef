package dev.parley.agent.client;

import dev.parley.client.OnConnect;
import dev.parley.client.RemoteErrorException;
import dev.parley.client.Request;
import dev.parley.client.SessionSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the user's on-connect hook, then sends {@code cd <last working directory>} on a new connection, so that
 * relative paths mean the same after a reconnect. If the directory is gone (the agent answers an error), the
 * session falls back to {@code /} and says so in the log; a lost connection fails the setup and the client retries.
 */
final class RestoreCwd implements OnConnect {

    private static final Logger LOG = LoggerFactory.getLogger("parley.agent");

    private final OnConnect user;
    private final AtomicReference<String> cwd;

    RestoreCwd(OnConnect user, AtomicReference<String> cwd) {
        this.user = user;
        this.cwd = cwd;
    }

    @Override
    public CompletionStage<?> onConnect(SessionSetup setup) {
        return user.onConnect(setup).thenCompose(ignored -> restore(setup));
    }

    private CompletionStage<?> restore(SessionSetup setup) {
        String dir = cwd.get();
        if ("/".equals(dir)) {
            return CompletableFuture.completedFuture(null);
        }
        return setup.send(Request.query("cd", dir)).handle((reply, failure) -> {
            if (failure == null) {
                return null;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof RemoteErrorException) {
                LOG.warn("AGC01 connection {} to {}: working directory {} not restored ({}); now /",
                        setup.connectionNumber(), setup.remoteAddress(), dir, cause.getMessage());
                cwd.compareAndSet(dir, "/");
                return null;
            }
            throw cause instanceof RuntimeException ? (RuntimeException) cause : new CompletionException(cause);
        });
    }
}
