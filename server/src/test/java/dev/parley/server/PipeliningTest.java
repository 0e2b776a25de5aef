package dev.parley.server;

import dev.parley.testkit.peer.LineConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PipeliningTest {

    private RunningServer server;

    @AfterEach
    void stop() throws Exception {
        server.shutdownGracefully(Duration.ofSeconds(2));
    }

    @Test
    void tenThousandPipelinedRequestsCompletingInRandomOrderAreAnsweredInOrder() throws Exception {
        Router router = Router.builder()
                .add(Command.query("work").usage("<n>").async(call -> {
                    CompletableFuture<Reply> f = new CompletableFuture<>();
                    long delay = ThreadLocalRandom.current().nextLong(0, 2000);
                    call.session().eventLoop().schedule(() -> f.complete(Reply.ok(call.arg(0))), delay,
                            TimeUnit.MICROSECONDS);
                    return f;
                }))
                .add(Command.query("bwork").usage("<n>").blocking().handler(call -> Reply.ok(call.arg(0))))
                .build();
        server = ParleyServer.builder().router(router).greeting(Greeting.none()).build().start();
        int n = 10_000;
        try (LineConnection c = LineConnection.connect(server.port())) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < n; i++) {
                all.append(i % 3 == 0 ? "bwork " : i % 3 == 1 ? "work " : "ping ").append(i).append('\n');
            }
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    c.send(all.toString().replace("ping ", "work "));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            for (int i = 0; i < n; i++) {
                assertEquals("OK " + i, c.readLine());
            }
            writer.get(5, TimeUnit.SECONDS);
        }
    }
}
