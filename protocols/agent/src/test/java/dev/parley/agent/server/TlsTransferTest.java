package dev.parley.agent.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.agent.client.AgentClient;
import dev.parley.client.ClientOptions;
import dev.parley.server.ServerTls;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Under TLS a pull cannot go zero-copy: the agent sends the file in chunks, and push and pull still verify. */
class TlsTransferTest {

    @TempDir
    Path temp;

    @Test
    void pushAndPullOverTls() throws Exception {
        byte[] content = new byte[2 * 1024 * 1024 + 3];
        new Random(5).nextBytes(content);
        Path local = Files.write(temp.resolve("local.bin"), content);
        SslContext tls = ServerTls.selfSigned();
        try (AgentFixture fx = new AgentFixture(Files.createDirectories(temp.resolve("root")),
                AgentServer.builder().server(s -> s.tls(tls)));
             AgentClient agent = fx.client(ClientOptions.builder().sslContext(SslContextBuilder.forClient()
                     .trustManager(InsecureTrustManagerFactory.INSTANCE).build()).build())) {
            assertEquals(AgentFixture.sha256(content), agent.push(local, "/t/remote.bin", null).sha256());
            Path back = temp.resolve("back.bin");
            assertEquals(AgentFixture.sha256(content), agent.pull("/t/remote.bin", back, null).sha256());
            assertArrayEquals(content, Files.readAllBytes(back));
            assertEquals(content.length, Files.size(fx.root.resolve("t/remote.bin")));
        }
    }
}
