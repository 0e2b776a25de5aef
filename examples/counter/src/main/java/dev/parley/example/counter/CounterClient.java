package dev.parley.example.counter;

import dev.parley.client.*;

/** The counter protocol's client over one session: {@code incr} is never sent twice, {@code get} may be retried. */
public record CounterClient(Session session) {

    /** @return the count after this increment; throws a {@code ParleyClientException} by the deadline */
    public long incr() {
        return Long.parseLong(session.call(Request.action("incr")).arg(0));
    }

    /** @return the count; throws a {@code ParleyClientException} by the deadline */
    public long get() {
        return Long.parseLong(session.call(Request.query("get")).arg(0));
    }
}
