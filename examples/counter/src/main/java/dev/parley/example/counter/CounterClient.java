package dev.parley.example.counter;

import dev.parley.client.*;

/** The counter's client: {@code incr} is never sent twice once it may have run, {@code get} may be retried. */
public record CounterClient(Session session) {
    /** @return the count after this increment; a {@code ParleyClientException} by the deadline if none came */
    public long incr() { return Long.parseLong(session.call(Request.action("incr")).arg(0)); }
    /** @return the count; a {@code ParleyClientException} by the deadline if none came */
    public long get() { return Long.parseLong(session.call(Request.query("get")).arg(0)); }
}
