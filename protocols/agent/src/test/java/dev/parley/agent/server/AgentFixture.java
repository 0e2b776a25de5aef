package dev.parley.agent.server;

import dev.parley.agent.client.AgentClient;
import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.BooleanSupplier;

/** A real agent on 127.0.0.1, port 0, over a temporary root, with a client to reach it; stops what it starts. */
final class AgentFixture implements AutoCloseable {

    final Path root;
    final RunningAgent agent;
    private ParleyClient client;

    AgentFixture(Path root, AgentServer.Builder options) throws Exception {
        this.agent = options.root(root).server(s -> s.port(0)).build().start();
        this.root = agent.root();
    }

    static AgentFixture start(Path temp) throws Exception {
        return new AgentFixture(Files.createDirectories(temp.resolve("root")), AgentServer.builder());
    }

    NcClient nc() throws IOException {
        return new NcClient(agent.port());
    }

    AgentClient client() {
        return client(ClientOptions.builder().timeouts(t -> t.requestTimeout(Duration.ofSeconds(20))).build());
    }

    AgentClient client(ClientOptions options) {
        if (client == null) {
            client = ParleyClient.create(1);
        }
        return AgentClient.connect(client, new InetSocketAddress("127.0.0.1", agent.port()), options);
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        agent.close();
    }

    static String sha256(Path file) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                d.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Polls a condition every 10 ms until it holds or the time is up; returns whether it held. */
    static boolean eventually(Duration within, BooleanSupplier condition) {
        return dev.parley.testkit.Await.eventually(within, condition);
    }
}
