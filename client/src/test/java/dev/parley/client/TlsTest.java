package dev.parley.client;

import dev.parley.codec.framing.BlockChunk;
import dev.parley.codec.pipeline.ParleyPipeline;
import dev.parley.codec.pipeline.ParleyTextCodec;
import dev.parley.codec.pipeline.Side;
import dev.parley.codec.text.ParleyReply;
import dev.parley.codec.text.ParleyRequest;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLHandshakeException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS against a small Netty peer with certificates made by {@link CertificateBuilder}: requests, a file body (sent
 * as a {@code ChunkedFile}, since a zero-copy file region cannot be encrypted) and a reply body, and typed errors for
 * an untrusted certificate or one that names another host.
 */
class TlsTest extends ClientTestSupport {

    /** A TLS handshake is CPU work on the event loop; on a busy 2-core machine it can hold the session's timer up. */
    private static final Duration HANDSHAKE_MARGIN = Duration.ofMillis(1500);

    private static X509Bundle root;
    private static X509Bundle serverCert;
    private static EventLoopGroup peerGroup;

    @BeforeAll
    static void makeCertificates() throws Exception {
        root = new CertificateBuilder().subject("CN=Parley Test Root").setIsCertificateAuthority(true).ecp256()
                .buildSelfSigned();
        serverCert = new CertificateBuilder().subject("CN=localhost").addSanDnsName("localhost")
                .addSanIpAddress("127.0.0.1").addExtendedKeyUsageServerAuth().ecp256().buildIssuedBy(root);
        peerGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopPeerGroup() {
        peerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void requestsFileBodiesAndReplyBodiesRoundTripOverTls(@TempDir Path dir) throws Exception {
        byte[] data = new byte[300_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + (i >>> 9));
        }
        Path file = Files.write(dir.resolve("f.bin"), data);
        TlsPeer peer = tlsPeer(serverCert, data);
        Session s = session(peer.address(), fast().sslContext(clientTrusting(root)).build());

        assertEquals(List.of("pong"), s.send(Request.query("ping")).get(5, TimeUnit.SECONDS).args());

        AtomicLong sent = new AtomicLong();
        Request push = Request.idempotentAction("push", "/remote/f.bin").withBody(Body.ofFile(file))
                .withProgress(new ProgressListener() {
                    @Override
                    public void onBytesSent(long bytes, long total) {
                        sent.set(bytes);
                    }
                });
        Reply pushed = s.send(push).get(5, TimeUnit.SECONDS);
        assertEquals(List.of(String.valueOf(data.length), sha256(data)), pushed.args(),
                "the peer received the file intact");
        assertEquals(data.length, sent.get());

        Reply pulled = s.send(Request.query("cat")).get(5, TimeUnit.SECONDS);
        assertArrayEquals(data, pulled.body());
        assertEquals(List.of("ping", "push /remote/f.bin {300000}", "cat"), peer.lines);
    }

    @Test
    void untrustedCertificateFailsWithTlsHandshakeAtOnceInsteadOfHanging() throws Exception {
        X509Bundle strangerCa = new CertificateBuilder().subject("CN=Unknown CA").setIsCertificateAuthority(true)
                .ecp256().buildSelfSigned();
        X509Bundle untrusted = new CertificateBuilder().subject("CN=localhost").addSanDnsName("localhost")
                .addSanIpAddress("127.0.0.1").addExtendedKeyUsageServerAuth().ecp256().buildIssuedBy(strangerCa);
        TlsPeer peer = tlsPeer(untrusted, new byte[0]);
        List<Throwable> reconnectCauses = new CopyOnWriteArrayList<>();
        Session s = session(peer.address(), fast().sslContext(clientTrusting(root))
                .listener(new SessionListener() {
                    @Override
                    public void onReconnectScheduled(int attempt, Duration pause, Throwable cause) {
                        reconnectCauses.add(cause);
                    }
                }).build());
        Duration deadline = Duration.ofMillis(800);
        ConnectFailedException e = failure(s.send(Request.query("ping").withTimeout(deadline)),
                ConnectFailedException.class, System.nanoTime(), deadline, HANDSHAKE_MARGIN);
        assertEquals(ParleyClientException.TLS_HANDSHAKE, e.code());
        assertEquals(Progress.NOT_SENT, e.progress());
        assertTrue(e.getMessage().contains("TLS handshake with"), e.getMessage());
        assertInstanceOf(SSLHandshakeException.class, causeOfType(e, SSLHandshakeException.class),
                "the handshake failure is kept as the cause");
        assertTrue(e.getMessage().contains("unable to find valid certification path"), e.getMessage());
        assertTrue(peer.lines.isEmpty(), "nothing was sent: " + peer.lines);
        assertFalse(e.isTransient(), "an untrusted certificate is a verdict, not a hiccup: " + e);
        // The call fails first; the reconnect (for later requests) is scheduled right after.
        dev.parley.testkit.Await.until(Duration.ofSeconds(5), "a reconnect scheduled",
                () -> !reconnectCauses.isEmpty());
        assertTrue(reconnectCauses.get(0) instanceof ConnectFailedException
                && ((ConnectFailedException) reconnectCauses.get(0)).code().equals(ParleyClientException.TLS_HANDSHAKE),
                "the listener hears the typed cause: " + reconnectCauses);
    }

    @Test
    void certificateForAnotherHostFailsWithTlsHandshake() throws Exception {
        X509Bundle otherHost = new CertificateBuilder().subject("CN=other.example").addSanDnsName("other.example")
                .addExtendedKeyUsageServerAuth().ecp256().buildIssuedBy(root);
        TlsPeer peer = tlsPeer(otherHost, new byte[0]);
        Session s = session(peer.address(), fast().sslContext(clientTrusting(root)).build());
        Duration deadline = Duration.ofMillis(800);
        ConnectFailedException e = failure(s.send(Request.query("ping").withTimeout(deadline)),
                ConnectFailedException.class, System.nanoTime(), deadline, HANDSHAKE_MARGIN);
        assertEquals(ParleyClientException.TLS_HANDSHAKE, e.code());
        assertTrue(peer.lines.isEmpty(), "nothing was sent: " + peer.lines);
    }

    private static SslContext clientTrusting(X509Bundle ca) throws Exception {
        return SslContextBuilder.forClient().trustManager(ca.toTrustManagerFactory()).build();
    }

    private TlsPeer tlsPeer(X509Bundle cert, byte[] catBody) throws Exception {
        SslContext ssl = SslContextBuilder.forServer(cert.getKeyPair().getPrivate(), cert.getCertificatePath())
                .build();
        TlsPeer peer = new TlsPeer(ssl, catBody);
        toClose.add(peer);
        return peer;
    }

    private static Throwable causeOfType(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
        }
        return null;
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    /**
     * Greets; answers {@code ping} with {@code OK pong}, a request with a body with {@code OK <length> <sha-256>} of
     * what it received, and {@code cat} with the given body. Records the request lines.
     */
    private static final class TlsPeer implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final Channel server;

        TlsPeer(SslContext ssl, byte[] catBody) throws InterruptedException {
            server = new ServerBootstrap().group(peerGroup).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                            ParleyPipeline.install(ch.pipeline(), ParleyTextCodec.create(), Side.SERVER);
                            ch.pipeline().addLast(new Answer(lines, catBody));
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        }

        InetSocketAddress address() {
            InetSocketAddress local = (InetSocketAddress) server.localAddress();
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), local.getPort());
        }

        @Override
        public void close() {
            server.close().syncUninterruptibly();
        }
    }

    private static final class Answer extends ChannelInboundHandlerAdapter {
        private final List<String> lines;
        private final byte[] catBody;
        private MessageDigest digest;
        private long received;

        Answer(List<String> lines, byte[] catBody) {
            this.lines = lines;
            this.catBody = catBody;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(ParleyReply.hello("test", Map.of()));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            try {
                if (msg instanceof ParleyRequest) {
                    ParleyRequest r = (ParleyRequest) msg;
                    lines.add(r.toString());
                    if (r.hasBody()) {
                        digest = MessageDigest.getInstance("SHA-256");
                        received = 0;
                    } else if (r.verb().equals("cat")) {
                        ctx.write(ParleyReply.okWithBody(catBody.length));
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(catBody));
                    } else {
                        ctx.writeAndFlush(ParleyReply.PONG);
                    }
                } else if (msg instanceof BlockChunk) {
                    BlockChunk chunk = (BlockChunk) msg;
                    byte[] bytes = new byte[chunk.content().readableBytes()];
                    chunk.content().getBytes(chunk.content().readerIndex(), bytes);
                    digest.update(bytes);
                    received += bytes.length;
                    if (chunk.isLast()) {
                        ctx.writeAndFlush(ParleyReply.ok(String.valueOf(received),
                                HexFormat.of().formatHex(digest.digest())));
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }
}
