package dev.parley.bench.abuse;

import java.util.concurrent.locks.LockSupport;

/**
 * Samples the agent's {@code /proc} figures every {@value #EVERY_MILLIS} ms on a daemon thread and keeps the peaks:
 * descriptors, files open under the root, threads. The peak resident memory is the kernel's own (VmHWM).
 */
final class ProcWatch implements AutoCloseable {

    static final long EVERY_MILLIS = 200;

    private final AgentProcess agent;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile AgentProcess.ProcSample last;
    private volatile int peakFds;
    private volatile int peakRootFiles;
    private volatile long peakThreads;
    private volatile long peakRssKiB;

    ProcWatch(AgentProcess agent) {
        this.agent = agent;
        this.last = agent.sample();
        this.thread = new Thread(this::watch, "abuse-proc-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        while (running) {
            AgentProcess.ProcSample s = agent.sample();
            if (s.fds() >= 0) {
                last = s;
                peakFds = Math.max(peakFds, s.fds());
                peakRootFiles = Math.max(peakRootFiles, s.rootFiles());
                peakThreads = Math.max(peakThreads, s.threads());
                peakRssKiB = Math.max(peakRssKiB, s.hwmKiB());
            }
            LockSupport.parkNanos(EVERY_MILLIS * 1_000_000L);
        }
    }

    /** @return the latest sample taken while the agent was running */
    AgentProcess.ProcSample last() {
        return last;
    }

    int peakFds() {
        return peakFds;
    }

    int peakRootFiles() {
        return peakRootFiles;
    }

    long peakThreads() {
        return peakThreads;
    }

    /** @return the highest VmHWM seen, in KiB */
    long peakRssKiB() {
        return peakRssKiB;
    }

    /** Stops sampling; the thread ends within one period. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
    }
}
