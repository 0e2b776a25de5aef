package dev.parley.example.counter;

import dev.parley.server.*;
import java.util.concurrent.atomic.AtomicLong;

/** The counter protocol's server: {@code incr} (an action) adds one and answers the count, {@code get} reads it. */
public final class CounterServer {
    private final AtomicLong count = new AtomicLong();

    /** @return the options of a server that serves this counter; {@code start()} runs it */
    public ParleyServer options() {
        return ParleyServer.builder().greeting(Greeting.parley("counter")).router(Router.builder()
                .action("incr", call -> Reply.ok(Long.toString(count.incrementAndGet())))
                .query("get", call -> Reply.ok(Long.toString(count.get())))
                .build()).build();
    }

    /** @return how many times {@code incr} ran */
    public long count() {
        return count.get();
    }
}
