package dev.parley.server;

import dev.parley.testkit.peer.LineConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What protocols with their own wording need: no greeting or built-ins, no reply, raw output, streamed bodies. */
class CustomProtocolTest {

    private RunningServer server;

    @AfterEach
    void stop() throws Exception {
        server.shutdownGracefully(Duration.ofSeconds(2));
    }

    @Test
    void noReplyAndRawOutputKeepTheOrder() throws Exception {
        Router router = Router.builder().noBuiltins()
                .action("set", "<key> [noreply]", call -> call.args().size() == 2 ? Reply.none()
                        : Reply.raw(Unpooled.copiedBuffer("STORED\r\n", StandardCharsets.US_ASCII)))
                .query("get", "<key>", call -> Reply.raw(
                        Unpooled.copiedBuffer("VALUE " + call.arg(0) + " 0 5\r\n", StandardCharsets.US_ASCII),
                        Unpooled.copiedBuffer("hello\r\nEND\r\n", StandardCharsets.US_ASCII)))
                .build();
        server = ParleyServer.builder().router(router).greeting(Greeting.none()).build().start();
        try (LineConnection c = LineConnection.connect(server.port())) {
            c.send("set a noreply\nset b\nget k\nping\n");
            assertEquals("STORED\r", c.readLine());
            assertEquals("VALUE k 0 5\r", c.readLine());
            assertEquals("hello\r", c.readLine());
            assertEquals("END\r", c.readLine());
            assertEquals("ERR UNKNOWN_COMMAND ping", c.readLine());
        }
    }

    @Test
    void aStreamedBodyReachesTheSinkInOrderOnTheBlockingExecutor() throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        Router router = Router.builder()
                .add(Command.action("push").usage("<path>").streaming(call -> sink(call, received, thread)))
                .build();
        server = ParleyServer.builder().router(router)
                .server(s -> s.limits(l -> l.maxPendingBodyBytes(4096))).build().start();
        byte[] body = new byte[300_000];
        new java.util.Random(2).nextBytes(body);
        try (LineConnection c = LineConnection.connect(server.port())) {
            c.readLine();
            c.send("push /tmp/x {" + body.length + "}\n").send(body).send("ping\n");
            assertEquals("OK /tmp/x 300000", c.readLine());
            assertEquals("OK pong", c.readLine());
            assertEquals(true, thread.get().startsWith("parley-blocking-"), thread.get());
            assertEquals(java.util.Arrays.hashCode(body), java.util.Arrays.hashCode(received.toByteArray()));
            assertEquals("ERR BAD_ARGS push needs a body; usage: push <path> \"{n}\"", c.send("push y\n").readLine());
        }
    }

    private static BodySink sink(Call call, ByteArrayOutputStream received, AtomicReference<String> thread) {
        return new BodySink() {
            @Override
            public void onChunk(ByteBuf chunk) throws java.io.IOException {
                thread.set(Thread.currentThread().getName());
                chunk.readBytes(received, chunk.readableBytes());
            }

            @Override
            public Reply onComplete() {
                return Reply.ok(call.arg(0), Integer.toString(received.size()));
            }
        };
    }
}
