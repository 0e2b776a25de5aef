package dev.parley.example.counter;

import dev.parley.client.*;
import dev.parley.testkit.proxy.*;
import dev.parley.testkit.server.ParleyExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.junit.jupiter.api.Assertions.*;

class CounterFaultTest {
    @RegisterExtension // one server for the class on port 0, a fault proxy in front, sessions with 1 s deadlines
    static final ParleyExtension<?> server = ParleyExtension.server(new CounterServer()::options).withProxy()
            .clientOptions(ClientOptions.builder().timeouts(t -> t.requestTimeout(Duration.ofSeconds(1))).build());

    @Test
    void slowNetworkStillAnswers(Session session, FaultProxy proxy) {
        CounterClient client = new CounterClient(session);
        proxy.add(Fault.latency(Duration.ofMillis(300), Duration.ofMillis(100)));
        assertEquals(client.get() + 1, client.incr());
    }

    @Test
    void lostReplyEndsByTheDeadlineAndIncrRunsOnce(Session session, FaultProxy proxy) {
        CounterClient client = new CounterClient(session);
        long before = client.get();
        proxy.add(Fault.stall().direction(Direction.DOWN)); // the server's replies are held
        assertEquals(Progress.UNKNOWN, assertThrows(DeadlineExceededException.class, client::incr).progress());
        proxy.clear();
        assertEquals(before + 1, client.get()); // counted by the server: the action ran, and only once
    }
}
