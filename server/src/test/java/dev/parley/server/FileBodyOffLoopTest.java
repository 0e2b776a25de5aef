package dev.parley.server;

import dev.parley.testkit.peer.LineConnection;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * File bodies are opened and read off the event loop: a file whose open blocks (a FIFO nobody writes to) stalls
 * only its own reply, never the other connections of the same event loop.
 */
class FileBodyOffLoopTest {

    @TempDir
    Path temp;

    private EventLoopGroup group;
    private RunningServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.shutdownGracefully(Duration.ofSeconds(2));
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aFileThatBlocksOnOpenStallsNoOtherConnectionInPlainText() throws Exception {
        Path fifo = fifo();
        start(fifo, null);
        assertOthersServedWhileTheOpenBlocks(fifo, () -> LineConnection.connect(server.port()));
    }

    @Test
    void aFileThatBlocksOnOpenStallsNoOtherConnectionUnderTls() throws Exception {
        X509Bundle cert = new CertificateBuilder().subject("CN=localhost").addSanIpAddress("127.0.0.1")
                .setIsCertificateAuthority(true).buildSelfSigned();
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, cert.toTrustManagerFactory().getTrustManagers(), null);
        Path fifo = fifo();
        start(fifo, ServerTls.fromKeyPair(cert.getKeyPair(), cert.getCertificatePath()));
        assertOthersServedWhileTheOpenBlocks(fifo,
                () -> LineConnection.connect(ssl.getSocketFactory().createSocket(), server.port()));
    }

    private interface Connector {
        LineConnection connect() throws IOException;
    }

    private void start(Path fifo, io.netty.handler.ssl.SslContext tls) throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        server = ParleyServer.builder().eventLoopGroup(group).server(s -> s.tls(tls))
                .router(Router.builder().query("pull", call -> Reply.okWithFile(fifo.toFile(), 0, 5)).build())
                .build().start();
    }

    private void assertOthersServedWhileTheOpenBlocks(Path fifo, Connector connector) throws Exception {
        try (LineConnection puller = connector.connect()) {
            assertEquals("HELLO parley/1 parley", puller.readLine());
            puller.send("pull\n");
            try (LineConnection other = connector.connect()) {
                assertEquals("HELLO parley/1 parley", other.readLine());
                assertEquals("OK pong", other.send("ping\n").readLine());
            } finally {
                // Read-write never blocks on a FIFO: it lets the server's blocked open return.
                FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE).close();
            }
        }
    }

    private Path fifo() throws IOException, InterruptedException {
        Path fifo = temp.resolve("fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo");
        return fifo;
    }
}
