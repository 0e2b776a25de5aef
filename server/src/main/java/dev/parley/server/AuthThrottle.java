package dev.parley.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bounds how fast authentication attempts are evaluated, per source address and for the whole server, so that
 * opening more connections does not buy more guesses. Each address (IPv6: its /64 network) may have
 * {@link Limits#authAddressBurst()} attempts evaluated at once and then one per {@link Limits#authAddressInterval()};
 * all addresses together {@link Limits#authGlobalBurst()} and then one per {@link Limits#authGlobalInterval()}. An
 * attempt over the bound waits for its turn (up to {@link Limits#authMaxWait()}, on the session's event loop
 * scheduler) or, if its turn is further away, is refused without being evaluated. Successful attempts give their
 * turn back, so only failures use the bound up.
 *
 * <p>Memory is bounded: at most {@link Limits#authTrackedAddresses()} addresses are remembered, least recently seen
 * first forgotten once their bound is back to a full burst; while every remembered address is still within its
 * bound, new addresses share one extra bound instead of growing the table. Time comes from the caller's event loop
 * ticker. Thread-safe; shared by all sessions of a server.
 */
final class AuthThrottle {

    /** Why an attempt was refused, or that it was not. */
    enum Verdict {
        ADMITTED, ADDRESS, GLOBAL
    }

    /** One attempt's turn: evaluate it after {@link #wait}, then settle it once. */
    static final class Ticket {
        private final RateGate address;
        final Verdict verdict;
        final long wait;
        private boolean settled;

        private Ticket(RateGate address, Verdict verdict, long wait) {
            this.address = address;
            this.verdict = verdict;
            this.wait = wait;
        }

        boolean admitted() {
            return verdict == Verdict.ADMITTED;
        }
    }

    private static final Object NON_IP = new Object();

    private final Limits limits;
    private final long maxWait;
    private final boolean perAddress;
    private final RateGate global;
    /** The bound shared by new addresses while the table is full of active ones. */
    private final RateGate overflow;
    private final LinkedHashMap<Object, RateGate> addresses = new LinkedHashMap<>(64, 0.75f, true);

    AuthThrottle(Limits limits) {
        this.limits = limits;
        this.maxWait = limits.authMaxWait().toNanos();
        this.perAddress = !limits.authAddressInterval().isZero();
        this.global = new RateGate(limits.authGlobalBurst(), limits.authGlobalInterval().toNanos());
        this.overflow = newAddressGate();
    }

    /**
     * Takes a turn for an authentication attempt from {@code peer}.
     *
     * @param now the caller's ticker time, nanoseconds
     * @return the ticket: admitted with the nanoseconds to wait before evaluating, or refused
     */
    synchronized Ticket acquire(SocketAddress peer, long now) {
        RateGate address = perAddress ? gate(key(peer), now) : null;
        long waitAddress = address == null ? 0 : address.reserve(now, maxWait);
        if (waitAddress < 0) {
            return new Ticket(null, Verdict.ADDRESS, -1);
        }
        long waitGlobal = global.reserve(now, maxWait);
        if (waitGlobal < 0) {
            if (address != null) {
                address.refund();
            }
            return new Ticket(null, Verdict.GLOBAL, -1);
        }
        return new Ticket(address, Verdict.ADMITTED, Math.max(waitAddress, waitGlobal));
    }

    /** The attempt succeeded, or was never evaluated: its turn does not count. */
    synchronized void giveBack(Ticket ticket) {
        if (ticket.admitted() && !ticket.settled) {
            ticket.settled = true;
            if (ticket.address != null) {
                ticket.address.refund();
            }
            global.refund();
        }
    }

    /** The attempt failed: its turn stays used. */
    synchronized void failed(Ticket ticket) {
        ticket.settled = true;
    }

    /** @return how many addresses are remembered now */
    synchronized int trackedAddresses() {
        return addresses.size();
    }

    /** @return the refusal's reason in words, with the bound */
    String describe(Verdict verdict) {
        if (verdict == Verdict.ADDRESS) {
            return "too many authentication attempts from this address (expected: <= " + limits.authAddressBurst()
                    + " at once, then one per " + limits.authAddressInterval().toMillis() + " ms)";
        }
        return "too many authentication attempts on this server (expected: <= " + limits.authGlobalBurst()
                + " at once, then one per " + limits.authGlobalInterval().toMillis() + " ms)";
    }

    private RateGate gate(Object key, long now) {
        forgetIdle(now, 2);
        RateGate g = addresses.get(key);
        if (g != null) {
            return g;
        }
        if (addresses.size() >= limits.authTrackedAddresses()) {
            forgetIdle(now, Integer.MAX_VALUE);
            if (addresses.size() >= limits.authTrackedAddresses()) {
                return overflow;
            }
        }
        g = newAddressGate();
        addresses.put(key, g);
        return g;
    }

    /** Forgets up to {@code max} least recently seen addresses whose bound is full again: nothing is lost. */
    private void forgetIdle(long now, int max) {
        Iterator<Map.Entry<Object, RateGate>> it = addresses.entrySet().iterator();
        for (int n = 0; n < max && it.hasNext(); n++) {
            if (!it.next().getValue().idle(now)) {
                return;
            }
            it.remove();
        }
    }

    private RateGate newAddressGate() {
        return new RateGate(limits.authAddressBurst(), limits.authAddressInterval().toNanos());
    }

    /** IPv4 addresses as they are, IPv6 ones by their /64 network, everything else (local transports) together. */
    static Object key(SocketAddress peer) {
        if (!(peer instanceof InetSocketAddress) || ((InetSocketAddress) peer).getAddress() == null) {
            return NON_IP;
        }
        InetAddress ip = ((InetSocketAddress) peer).getAddress();
        if (!(ip instanceof Inet6Address)) {
            return ip;
        }
        byte[] network = Arrays.copyOf(ip.getAddress(), 16);
        Arrays.fill(network, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(network);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }
}
