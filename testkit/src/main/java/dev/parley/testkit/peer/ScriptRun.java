package dev.parley.testkit.peer;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Plays one {@link Script} on one connection, on its own thread, and keeps the outcome: finished, stalled, or failed
 * with an {@link AssertionError} whose message holds the transcript.
 */
final class ScriptRun {

    private final Script script;
    private final PeerConnection connection;
    private final Socket socket;
    private final Thread thread;
    /** Counted down when the script has finished, failed or reached a stall. */
    private final CountDownLatch settled = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile AssertionError failure;
    private volatile boolean stopping;

    ScriptRun(Script script, PeerConnection connection, String threadName) {
        this.script = script;
        this.connection = connection;
        this.socket = connection.socket();
        this.thread = new Thread(this::play, threadName);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Transcript transcript() {
        return connection.transcript();
    }

    /** @return the failure, or {@code null} */
    AssertionError failure() {
        return failure;
    }

    boolean awaitSettled(long deadlineNanos) throws InterruptedException {
        return settled.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    boolean isSettled() {
        return settled.getCount() == 0;
    }

    /** Stops the run: releases a stall, closes the socket, waits briefly for the thread. */
    void stop() {
        stopping = true;
        released.countDown();
        closeQuietly();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void play() {
        Script.Step current = null;
        try {
            for (Script.Step step : script.steps()) {
                current = step;
                step.body().run(connection, script);
            }
            connection.close();
        } catch (Script.StallSignal stall) {
            connection.transcript().event(connection.self(), "stall");
            settled.countDown();
            awaitRelease();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            if (!stopping) {
                fail(current, t);
            }
            closeQuietly();
        } finally {
            settled.countDown();
        }
    }

    private void fail(Script.Step step, Throwable t) {
        String what = step == null ? "script" : step.description();
        String why;
        if (t instanceof SocketTimeoutException) {
            why = what + ": nothing within " + script.stepTimeout().toMillis() + " ms";
        } else if (t instanceof AssertionError) {
            why = t.getMessage();
        } else {
            why = what + ": " + t;
        }
        connection.transcript().failure(why);
        AssertionError e = new AssertionError("connection " + connection.number() + ": " + why
                + "\ntranscript:\n" + connection.transcript(), t);
        failure = e;
    }

    private void awaitRelease() {
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a socket that failed: the failure, if any, is already recorded.
            connection.transcript().failure("close: " + e);
        }
    }

    static long deadline(Duration within) {
        return System.nanoTime() + within.toNanos();
    }
}
