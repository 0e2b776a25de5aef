package dev.parley.agent.client;

import dev.parley.agent.fs.FileMode;
import dev.parley.agent.fs.HashAlgorithm;
import dev.parley.client.Body;
import dev.parley.client.ParleyClientException;
import dev.parley.client.ProgressListener;
import dev.parley.client.Progress;
import dev.parley.client.Reply;
import dev.parley.client.Request;
import dev.parley.client.Session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The two streaming calls of {@link AgentClient}: {@code push} and {@code pull}. */
final class Transfers {

    private Transfers() {
    }

    static TransferResult push(Session session, Path local, String remote, int mode, ProgressListener listener,
                               Duration wait, Duration timeout) throws IOException {
        Body body = Body.ofFile(local);
        Request request = (mode == FileMode.UNKNOWN ? AgentVerbs.request("push", remote)
                : AgentVerbs.request("push", remote, FileMode.argument(mode))).withBody(body).withTimeout(timeout);
        if (listener != null) {
            request = request.withProgress(listener);
        }
        CompletableFuture<Reply> call = session.send(request);
        // The body goes out zero-copy, so its bytes cannot be observed: read the file once more meanwhile, from
        // the page cache, and compare the digest with the one the agent computed while it wrote them.
        String localSha;
        try {
            localSha = Hashes.sha256(local);
        } catch (IOException e) {
            call.cancel(false);
            throw e;
        }
        long localLength = Files.size(local);
        Reply reply = await(call, wait, "push " + remote);
        String remoteSha = reply.arg(0);
        long remoteLength = Long.parseLong(reply.arg(1));
        if (remoteLength != body.length() || localLength != body.length()) {
            throw new TransferIntegrityException("push " + remote + ": agent stored " + remoteLength
                    + " bytes, local file has " + localLength + " (sent: " + body.length() + ")");
        }
        if (!remoteSha.equals(localSha)) {
            throw new TransferIntegrityException("push " + remote + ": sha256 at the agent " + remoteSha
                    + " differs from the local " + localSha);
        }
        return new TransferResult(remote, local, remoteLength, remoteSha);
    }

    static TransferResult pull(Session session, String remote, Path local, ProgressListener listener, Duration wait,
                               Duration timeout) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        Request request = AgentVerbs.request("pull", remote).withTimeout(timeout);
        if (listener != null) {
            request = request.withProgress(listener);
        }
        // The agent sends the file zero-copy, so it cannot digest what it sent. Ask it for the file's SHA-256 in the
        // same breath: it reads the file while the bytes are on their way here, and its answer comes right after them,
        // to be compared with the digest of what was written here, before the rename.
        CompletableFuture<Reply> agentDigest = new CompletableFuture<>();
        PullReceiver receiver = new PullReceiver(local, written -> verify(agentDigest, remote, written, deadline));
        CompletableFuture<Reply> call = session.send(request, receiver);
        long left = Math.max(1, deadline - System.nanoTime());
        session.send(AgentVerbs.request("hash", remote, HashAlgorithm.SHA256.wireName())
                        .withTimeout(Duration.ofNanos(left)))
                .whenComplete((reply, failure) -> {
                    if (failure != null) {
                        agentDigest.completeExceptionally(failure);
                    } else {
                        agentDigest.complete(reply);
                    }
                });
        long length;
        try {
            length = receiver.drainInto(call, deadline);
        } catch (ExecutionException e) {
            throw failure(e, "pull " + remote);
        } catch (TimeoutException e) {
            throw timeout("pull " + remote, wait, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted("pull " + remote, e);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("pull " + remote + ": " + e, e);
        }
        return new TransferResult(remote, local, length, receiver.sha256());
    }

    private static void verify(CompletableFuture<Reply> agentDigest, String remote, String written,
                               long deadlineNanos) {
        long left = Math.max(1, deadlineNanos - System.nanoTime());
        String agentSha = await(agentDigest, Duration.ofNanos(left), "pull " + remote).arg(0);
        if (!agentSha.equals(written)) {
            throw new TransferIntegrityException("pull " + remote + ": sha256 of the bytes received " + written
                    + " differs from the agent's " + agentSha);
        }
    }

    private static Reply await(CompletableFuture<Reply> call, Duration wait, String what) {
        try {
            return call.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw failure(e, what);
        } catch (TimeoutException e) {
            throw timeout(what, wait, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(what, e);
        }
    }

    private static RuntimeException failure(ExecutionException e, String what) {
        Throwable cause = e.getCause();
        if (cause instanceof ParleyClientException) {
            return AgentException.from((ParleyClientException) cause);
        }
        if (cause instanceof AgentException) {
            return (AgentException) cause;
        }
        return new AgentException("FAILED", null, Progress.UNKNOWN, false, what + ": " + cause, cause);
    }

    private static AgentException timeout(String what, Duration wait, Throwable cause) {
        return new AgentException(ParleyClientException.TIMEOUT, null, Progress.UNKNOWN, true,
                what + ": no answer within " + wait.toMillis() + " ms", cause);
    }

    private static AgentException interrupted(String what, Throwable cause) {
        return new AgentException("INTERRUPTED", null, Progress.UNKNOWN, false, what + ": interrupted", cause);
    }
}
