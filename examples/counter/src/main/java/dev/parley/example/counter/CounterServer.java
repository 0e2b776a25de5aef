package dev.parley.example.counter;

import dev.parley.server.*;
import java.util.concurrent.atomic.AtomicLong;

/** The counter's server: {@code incr} (an action) adds one and answers the count, {@code get} (a query) reads it. */
public final class CounterServer {
    private final AtomicLong count = new AtomicLong();

    /** @return the options of a server for this counter; {@code start()} runs one */
    public ParleyServer options() {
        return ParleyServer.builder().greeting(Greeting.parley("counter")).router(Router.builder()
                .action("incr", call -> Reply.ok(Long.toString(count.incrementAndGet())))
                .query("get", call -> Reply.ok(Long.toString(count.get())))
                .build()).build();
    }
}
