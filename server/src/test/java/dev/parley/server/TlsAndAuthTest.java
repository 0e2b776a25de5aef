package dev.parley.server;

import dev.parley.testkit.peer.LineConnection;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.io.File;
import java.nio.file.Files;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlsAndAuthTest {

    private RunningServer server;

    @AfterEach
    void stop() throws Exception {
        server.shutdownGracefully(Duration.ofSeconds(2));
    }

    @Test
    void tlsRoundTripIncludingAFileBodySentInChunks() throws Exception {
        X509Bundle cert = new CertificateBuilder().subject("CN=localhost").addSanDnsName("localhost")
                .addSanIpAddress("127.0.0.1").setIsCertificateAuthority(true).buildSelfSigned();
        File file = File.createTempFile("parley-tls", ".bin");
        file.deleteOnExit();
        byte[] content = new byte[100_000];
        new java.util.Random(1).nextBytes(content);
        Files.write(file.toPath(), content);
        io.netty.handler.ssl.SslContext tls = ServerTls.fromKeyPair(cert.getKeyPair(), cert.getCertificatePath());
        server = ParleyServer.builder()
                .server(s -> s.tls(tls))
                .router(Router.builder().query("pull", call -> Reply.okWithFile(file, 0, file.length())).build())
                .build().start();
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, cert.toTrustManagerFactory().getTrustManagers(), null);
        try (LineConnection c = LineConnection.connect(ssl.getSocketFactory().createSocket(), server.port())) {
            assertEquals("HELLO parley/1 parley", c.readLine());
            assertEquals("OK pong", c.send("ping\n").readLine());
            assertEquals("OK {100000}", c.send("pull\n").readLine());
            assertArrayEquals(content, c.readBytes(content.length));
            assertEquals("OK pong", c.send("ping\n").readLine());
        }
    }

    @Test
    void selfSignedContextCanBeGenerated() throws Exception {
        assertTrue(ServerTls.selfSigned().isServer());
        server = ParleyServer.builder().build().start();
    }

    @Test
    void authIsRequiredWrongTokensAreDelayedThenDeniedAndTheRightTokenWorks() throws Exception {
        server = ParleyServer.builder()
                .server(s -> s.authenticator(Authenticator.sharedToken("s3cret"))
                        .limits(l -> l.authFailureDelay(Duration.ofMillis(20)).maxAuthFailures(3)))
                .router(Router.builder().query("whoami", call -> Reply.ok(call.session().principal().orElse("-")))
                        .build())
                .build().start();
        try (LineConnection c = LineConnection.connect(server.port())) {
            c.readLine();
            assertEquals("ERR AUTH_REQUIRED authenticate first: auth <token>", c.send("whoami\n").readLine());
            assertEquals("OK pong", c.send("ping\n").readLine());
            long t0 = System.nanoTime();
            assertEquals("ERR DENIED wrong credentials", c.send("auth nope\n").readLine());
            assertEquals("ERR DENIED wrong credentials", c.send("auth s3cre\n").readLine());
            assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(60).toNanos(), "failures are slowed down");
            assertEquals("OK", c.send("auth s3cret\n").readLine());
            assertEquals("OK token", c.send("whoami\n").readLine());
        }
        try (LineConnection c = LineConnection.connect(server.port())) {
            c.readLine();
            c.send("auth a\nauth b\nauth c\nping\n");
            assertEquals("ERR DENIED wrong credentials", c.readLine());
            assertEquals("ERR DENIED wrong credentials", c.readLine());
            assertEquals("BYE DENIED too many failed authentications", c.readLine());
            assertTrue(c.closedByPeer());
        }
    }
}
