package dev.parley.example.counter;

import dev.parley.server.RunningServer;
import dev.parley.testkit.server.ParleyExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.parley.client.Session;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CounterTest {
    static final CounterServer counter = new CounterServer();

    @RegisterExtension
    static final ParleyExtension<RunningServer> server = ParleyExtension.server(counter::options);

    @Test
    void incrAddsOne(Session session) {
        CounterClient client = new CounterClient(session);
        long before = client.get();
        assertEquals(before + 1, client.incr());
        assertEquals(before + 1, counter.count());
    }
}
