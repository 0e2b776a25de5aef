package dev.parley.server;

import io.netty.channel.ChannelConfig;

/**
 * Why one session does not read its socket now: a set of named {@link Reason}s. The channel reads (auto-read on)
 * exactly while the set is empty; each reason is set and lifted by the part of the session that owns it, and lifting
 * one leaves the others in force. Changed on the event loop only; {@link #has} may be asked from any thread (a
 * streamed body's sink runs on the blocking executor).
 */
final class ReadPause {

    /** One cause of a pause; each is owned by one part of the session. */
    enum Reason {
        /** A budget holds and requests are held back ({@link HoldBack}). */
        HELD,
        /** The channel's outbound buffer is over its high water mark. */
        WRITABILITY,
        /** A streamed request body's sink is behind by more than {@link Limits#maxPendingBodyBytes()}. */
        BODY,
        /** The session is ending: draining for shutdown, a closing reply written, or a framing violation. */
        CLOSING;

        final int bit = 1 << ordinal();
    }

    private final ChannelConfig config;
    private final String session;
    private volatile int reasons;

    /**
     * @param config  the channel whose auto-read this switches
     * @param session the session's id, for the log
     */
    ReadPause(ChannelConfig config, String session) {
        this.config = config;
        this.session = session;
    }

    /**
     * Adds a reason; reading stops if it was the first. Event loop only.
     *
     * @return whether reading stopped now
     */
    boolean pause(Reason reason) {
        int old = reasons;
        reasons = old | reason.bit;
        if (old == 0) {
            config.setAutoRead(false);
            RunningServer.LOG.debug("PS012 session {} stops reading ({})", session, reason);
            return true;
        }
        return false;
    }

    /**
     * Lifts a reason; reading resumes if it was the last. Lifting a reason that is not set does nothing. Event loop
     * only.
     *
     * @return whether reading resumed now
     */
    boolean resume(Reason reason) {
        int old = reasons;
        if ((old & reason.bit) == 0) {
            return false;
        }
        int now = old & ~reason.bit;
        reasons = now;
        if (now == 0) {
            RunningServer.LOG.debug("PS012 session {} reads again", session);
            config.setAutoRead(true);
            return true;
        }
        return false;
    }

    /** @return whether this reason is set; any thread */
    boolean has(Reason reason) {
        return (reasons & reason.bit) != 0;
    }

    /** @return whether any reason is set; any thread */
    boolean isPaused() {
        return reasons != 0;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ReadPause[");
        int r = reasons;
        for (Reason reason : Reason.values()) {
            if ((r & reason.bit) != 0) {
                s.append(s.length() > 10 ? "," : "").append(reason);
            }
        }
        return s.append(']').toString();
    }
}
