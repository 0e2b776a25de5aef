package dev.parley.server;

import dev.parley.codec.text.ErrorCode;
import dev.parley.testkit.peer.LineConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The "write your own protocol" example of the README: a tiny key-value service, end to end. */
class KeyValueExampleTest {

    // --- example start ---
    static RunningServer startKeyValueServer() throws InterruptedException {
        Map<String, String> store = new ConcurrentHashMap<>();
        Router router = Router.builder()
                .query("get", "<key>", call -> {
                    String value = store.get(call.arg(0));
                    return value == null ? Reply.error(ErrorCode.NOT_FOUND, call.arg(0))
                            : Reply.ok(value);
                })
                .action("put", "<key> <value>", call -> {
                    store.put(call.arg(0), call.arg(1));
                    return Reply.OK;
                })
                .action("del", "<key>", call -> store.remove(call.arg(0)) != null ? Reply.OK
                        : Reply.error(ErrorCode.NOT_FOUND, call.arg(0)))
                .query("keys", call -> Reply.ok(store.keySet().stream().sorted().toArray(String[]::new)))
                .build();
        return ParleyServer.builder()
                .greeting(Greeting.parley("kv"))
                .router(router)
                .build()
                .start();
    }
    // --- example end ---

    @Test
    void keyValueServiceWorksEndToEnd() throws Exception {
        RunningServer server = startKeyValueServer();
        try (LineConnection c = LineConnection.connect(server.port())) {
            assertEquals("HELLO parley/1 kv", c.readLine());
            assertEquals("OK", c.send("put greeting \"hello world\"\n").readLine());
            assertEquals("OK \"hello world\"", c.send("get greeting\n").readLine());
            assertEquals("ERR NOT_FOUND nope", c.send("get nope\n").readLine());
            assertEquals("OK", c.send("put b 2\n").readLine());
            assertEquals("OK b greeting", c.send("keys\n").readLine());
            assertEquals("OK", c.send("del b\n").readLine());
            assertEquals("ERR BAD_ARGS usage: put <key> <value>", c.send("put x\n").readLine());
        } finally {
            server.shutdownGracefully(Duration.ofSeconds(2));
        }
    }
}
