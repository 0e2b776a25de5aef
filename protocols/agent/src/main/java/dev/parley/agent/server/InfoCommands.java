package dev.parley.agent.server;

import dev.parley.codec.text.ParleyReply;
import dev.parley.codec.text.ParleyText;
import dev.parley.server.Call;
import dev.parley.server.Command;
import dev.parley.server.Reply;
import dev.parley.server.Router;
import io.netty.buffer.Unpooled;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's informational queries, all answered on the event loop from values computed at start-up, from the
 * clock or from the traffic counters: {@code info}, {@code time}, {@code cwd}. ({@code ping} is the server's
 * built-in.) The counters count up to the moment {@code info} runs: its own request is not in {@code requests}.
 */
final class InfoCommands {

    private final Map<String, String> fixed;
    private final long startedAtMillis;
    private final AgentCounters counters;

    InfoCommands(Path root, long startedAtMillis, AgentCounters counters, boolean keepsModes) {
        this.startedAtMillis = startedAtMillis;
        this.counters = counters;
        Map<String, String> m = new LinkedHashMap<>();
        m.put("version", AgentServer.VERSION);
        m.put("protocol", ParleyReply.PROTOCOL_VERSION);
        m.put("os.name", System.getProperty("os.name"));
        m.put("os.arch", System.getProperty("os.arch"));
        m.put("os.version", System.getProperty("os.version"));
        m.put("java.version", System.getProperty("java.version"));
        m.put("hostname", hostname());
        m.put("root", root.toString());
        m.put("modes", keepsModes ? "posix" : "none");
        this.fixed = Collections.unmodifiableMap(m);
    }

    void register(Router.Builder b) {
        b.add(Command.query("info").description("agent version, OS, Java, host, root, uptime and time")
                .handler(this::info));
        b.add(Command.query("time").description("the agent's clock: epoch millis and ISO-8601 UTC")
                .handler(call -> time()));
        b.add(Command.query("cwd").description("the session's working directory")
                .handler(call -> Reply.ok(AgentRouter.cwd(call.session()))));
    }

    private Reply info(Call call) {
        long now = System.currentTimeMillis();
        StringBuilder sb = new StringBuilder(512);
        fixed.forEach((key, value) -> line(sb, key, value));
        line(sb, "uptime.ms", Long.toString(now - startedAtMillis));
        line(sb, "time", Instant.ofEpochMilli(now).toString());
        Map<String, String> traffic = new LinkedHashMap<>();
        counters.report(traffic);
        traffic.forEach((key, value) -> line(sb, key, value));
        return Reply.okWithBody(Unpooled.wrappedBuffer(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append('=').append(value == null ? "" : ParleyText.oneLine(value)).append('\n');
    }

    private static Reply time() {
        long now = System.currentTimeMillis();
        return Reply.ok(Long.toString(now), Instant.ofEpochMilli(now).toString());
    }

    /** Looked up once, at start-up: a name lookup may block. */
    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            AgentRouter.LOG.debug("AG002 local host name unknown, using the environment's", e);
            String env = System.getenv("HOSTNAME");
            return env == null ? "unknown" : env;
        }
    }
}
