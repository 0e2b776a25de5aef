package dev.parley.bench.abuse;

import java.net.InetSocketAddress;
import java.util.concurrent.locks.LockSupport;

/**
 * One kind of abuse, run by its own thread until a shared deadline; it closes every connection it opened before it
 * returns. What the agent answered is counted in {@link #tally}.
 */
abstract class Attack implements Runnable {

    final String name;
    final Tally tally = new Tally();
    final InetSocketAddress agent;
    final long deadlineNanos;

    Attack(String name, InetSocketAddress agent, long deadlineNanos) {
        this.name = name;
        this.agent = agent;
        this.deadlineNanos = deadlineNanos;
    }

    /** @return a one-line description of what this attack does, for the report */
    abstract String describe();

    @Override
    public final void run() {
        try {
            attack();
        } catch (Exception e) {
            tally.add("attack failed: " + e.getClass().getSimpleName());
        }
    }

    abstract void attack() throws Exception;

    boolean timeLeft() {
        return System.nanoTime() - deadlineNanos < 0;
    }

    static void pause(long millis) {
        LockSupport.parkNanos(millis * 1_000_000L);
    }

    /** Opens a connection, counting a refused or failed one under {@code connect failed}; null if it failed. */
    RawPeer open(int receiveBuffer) {
        try {
            RawPeer p = RawPeer.connect(agent, receiveBuffer);
            tally.add("connections");
            return p;
        } catch (Exception e) {
            tally.add("connect failed: " + e.getClass().getSimpleName());
            return null;
        }
    }
}
