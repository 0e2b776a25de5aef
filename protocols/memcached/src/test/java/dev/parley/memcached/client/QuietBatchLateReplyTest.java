package dev.parley.memcached.client;

import dev.parley.client.ClientOptions;
import dev.parley.client.DeadlineExceededException;
import dev.parley.client.ParleyClient;
import dev.parley.testkit.peer.Script;
import dev.parley.testkit.peer.ScriptedServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A quiet batch that ran out of time is abandoned in its slot; its late replies, up to its {@code MN}, are still
 * read as the batch's, so the request behind it gets its own reply.
 */
class QuietBatchLateReplyTest {

    @Test
    void theLateRepliesOfAnAbandonedBatchAreItsOwn() throws Exception {
        Script script = Script.builder()
                .expectLine("mg a k v q O0")
                .expectLine("mg b k v q O1")
                .expectLine("mn")
                .expectLine("version")
                .send("VA 2 ka O0\r\nhi\r\nMN\r\n")
                .sendLine("VERSION 9.9\r")
                .build();
        try (ScriptedServer server = ScriptedServer.start(script);
             ParleyClient resources = ParleyClient.create(1)) {
            MemcachedClient mc = MemcachedClient.connect(resources, server.address(), ClientOptions.builder()
                    .timeouts(t -> t.requestTimeout(Duration.ofMillis(300))).build());
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> mc.metaGetAll(List.of("a", "b"), MetaGet.options().value()).get(5, TimeUnit.SECONDS));
            assertInstanceOf(DeadlineExceededException.class, e.getCause());
            // The server answers the batch only once it has read this request too.
            assertEquals("9.9", mc.version().get(5, TimeUnit.SECONDS));
            mc.close();
        }
    }
}
