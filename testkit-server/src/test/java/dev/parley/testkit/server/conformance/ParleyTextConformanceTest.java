package dev.parley.testkit.server.conformance;

import dev.parley.server.Command;
import dev.parley.server.Limits;
import dev.parley.server.ParleyServer;
import dev.parley.server.Reply;
import dev.parley.server.Router;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** The Parley text protocol v1, served by a plain {@link ParleyServer}, runs the whole conformance suite. */
class ParleyTextConformanceTest extends ProtocolConformance {

    @Override
    protected ParleyServer server() {
        Router router = Router.builder()
                .query("echo", "<word>...", call -> Reply.ok(call.args().toArray(new String[0])))
                .add(Command.action("work").usage("<name>").blocking()
                        .handler(call -> Reply.ok("done", call.arg(0))))
                .add(Command.action("store").usage("<key>").aggregateBody(64)
                        .handler(call -> Reply.ok(call.arg(0), call.body().toString(StandardCharsets.UTF_8))))
                .build();
        return ParleyServer.builder()
                .router(router)
                .server(s -> s.limits(l -> l.idleTimeout(Duration.ofSeconds(30))))
                .build();
    }

    @Override
    protected List<Sample> samples() {
        return List.of(
                Sample.of("ping\n", "OK pong\n"),
                Sample.of("echo a b\n", "OK a b\n"),
                Sample.of("ECHO \"two words\" x\r\n", "OK \"two words\" x\n"),
                Sample.of("store k {5}\nhello", "OK k hello\n"),
                Sample.of("work job\n", "OK done job\n"),
                Sample.of("nope\n", "ERR UNKNOWN_COMMAND nope\n"),
                Sample.of("ping\necho c\n", "OK pong\nOK c\n"));
    }

    @Override
    protected int burstRepeats() {
        return 20;
    }
}
