package dev.parley.server;

import dev.parley.testkit.Await;
import dev.parley.testkit.peer.LineConnection;
import io.netty.handler.ssl.SslContext;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** File bodies from a {@link FileSource}: opened and read on the blocking executor, bounded per connection. */
class FileSourceTest {

    @TempDir
    Path temp;

    private RunningServer server;

    @AfterEach
    void stop() throws Exception {
        server.shutdownGracefully(Duration.ofSeconds(2));
    }

    @Test
    void underTlsTheFileIsOpenedAndReadOnTheBlockingExecutor() throws Exception {
        byte[] content = new byte[300_000];
        new java.util.Random(7).nextBytes(content);
        Path file = Files.write(temp.resolve("f.bin"), content);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        FileSource source = () -> {
            threads.add("open " + Thread.currentThread().getName());
            return new Recording(FileChannel.open(file), threads);
        };
        X509Bundle cert = cert();
        SslContext tls = ServerTls.fromKeyPair(cert.getKeyPair(), cert.getCertificatePath());
        server = ParleyServer.builder().server(s -> s.tls(tls))
                .router(Router.builder().query("pull", call -> Reply.okWithFile(source, 10, content.length - 10))
                        .build())
                .build().start();
        try (LineConnection c = LineConnection.connect(trust(cert).getSocketFactory().createSocket(), server.port())) {
            assertEquals("HELLO parley/1 parley", c.readLine());
            assertEquals("OK {" + (content.length - 10) + "}", c.send("pull\n").readLine());
            assertArrayEquals(java.util.Arrays.copyOfRange(content, 10, content.length),
                    c.readBytes(content.length - 10));
            assertEquals("OK pong", c.send("ping\n").readLine());
        }
        Await.until(Duration.ofSeconds(5), "the file is closed", () -> threads.stream()
                .anyMatch(t -> t.startsWith("close ")));
        assertTrue(threads.stream().anyMatch(t -> t.startsWith("read ")), threads.toString());
        for (String t : threads) {
            assertTrue(t.contains("parley-blocking-"), "file work on " + t);
        }
    }

    @Test
    void withoutTlsTheFileIsOpenedOnTheBlockingExecutorAndSentZeroCopy() throws Exception {
        byte[] content = "zero copy body".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Path file = Files.write(temp.resolve("z.bin"), content);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        server = ParleyServer.builder()
                .router(Router.builder().query("pull", call -> Reply.okWithFile(() -> {
                    threads.add(Thread.currentThread().getName());
                    return FileChannel.open(file);
                }, 0, content.length, "z")).build())
                .build().start();
        try (LineConnection c = LineConnection.connect(server.port())) {
            c.readLine();
            assertEquals("OK z {14}", c.send("pull\n").readLine());
            assertArrayEquals(content, c.readBytes(content.length));
            assertEquals("OK pong", c.send("ping\n").readLine());
        }
        assertEquals(1, threads.size());
        assertTrue(threads.iterator().next().startsWith("parley-blocking-"), threads.toString());
    }

    @Test
    void aFileShorterThanAnnouncedWhenOpenedIsAnsweredFailedInItsPlaceAndTheSessionGoesOn() throws Exception {
        Path file = Files.write(temp.resolve("short.bin"), new byte[10]);
        server = ParleyServer.builder()
                .router(Router.builder().query("pull", call -> Reply.okWithFile(file.toFile(), 0, 100)).build())
                .build().start();
        try (LineConnection c = LineConnection.connect(server.port())) {
            c.readLine();
            c.send("pull\nping\n");
            assertEquals("ERR FAILED the file cannot be opened; not sent", c.readLine());
            assertEquals("OK pong", c.readLine());
        }
    }

    @Test
    void aRefusedOpenIsAnsweredWithItsErrorInPlaceOfTheBodyAndLaterRepliesFollow() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        FileSource refusing = () -> {
            opens.incrementAndGet();
            throw new FileSource.Refused(dev.parley.codec.text.ErrorCode.DENIED, "pull /race/f: outside the root",
                    new IOException("a link leads out"));
        };
        server = ParleyServer.builder()
                .router(Router.builder().query("pull", call -> Reply.okWithFile(refusing, 0, 5)).build())
                .build().start();
        try (LineConnection c = LineConnection.connect(server.port())) {
            c.readLine();
            c.send("pull\npull\nping\n");
            assertEquals("ERR DENIED pull /race/f: outside the root", c.readLine());
            assertEquals("ERR DENIED pull /race/f: outside the root", c.readLine());
            assertEquals("OK pong", c.readLine());
        }
        assertEquals(2, opens.get());
    }

    @Test
    void aFileThatShrinksWhileSentUnderTlsClosesTheConnection() throws Exception {
        Path file = Files.write(temp.resolve("shrinks.bin"), new byte[FileTransfer.CHUNK * 3]);
        AtomicInteger reads = new AtomicInteger();
        X509Bundle cert = cert();
        SslContext tls = ServerTls.fromKeyPair(cert.getKeyPair(), cert.getCertificatePath());
        server = ParleyServer.builder().server(s -> s.tls(tls))
                .router(Router.builder().query("pull", call -> Reply.okWithFile(() -> new Recording(
                        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE), null) {
                    @Override
                    public int read(ByteBuffer dst, long position) throws IOException {
                        if (reads.incrementAndGet() == 2) {
                            truncate(FileTransfer.CHUNK + 5);
                        }
                        return super.read(dst, position);
                    }
                }, 0, FileTransfer.CHUNK * 3)).build())
                .build().start();
        try (LineConnection c = LineConnection.connect(trust(cert).getSocketFactory().createSocket(), server.port())) {
            c.readLine();
            assertEquals("OK {" + FileTransfer.CHUNK * 3 + "}", c.send("pull\n").readLine());
            int received = c.readAtMost(FileTransfer.CHUNK * 3).length;
            assertTrue(received <= FileTransfer.CHUNK + 5,
                    "received " + received + " bytes, then the end of the stream");
        }
    }

    @Test
    void oneConnectionHoldsAtMostMaxOpenFilesWhileItsClientDoesNotRead() throws Exception {
        Path file = temp.resolve("big.bin");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(16L << 20);
        }
        AtomicInteger opens = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        FileSource source = () -> {
            opens.incrementAndGet();
            FileChannel ch = FileChannel.open(file);
            peak.accumulateAndGet(openCount(file), Math::max);
            return ch;
        };
        server = ParleyServer.builder().server(s -> s.limits(l -> l.maxOpenFiles(2)))
                .router(Router.builder().query("pull", call -> Reply.okWithFile(source, 0, 16L << 20)).build())
                .build().start();
        try (LineConnection flood = LineConnection.connect(receiveBuffer(4096), server.port())) {
            flood.send("pull\n".repeat(200));
            Await.until(Duration.ofSeconds(10), "two files are open", () -> openCount(file) == 2);
            assertTrue(peak.get() <= 2, "open at once: " + peak.get());
            try (LineConnection other = LineConnection.connect(server.port())) {
                other.readLine();
                assertEquals("OK pong", other.send("ping\n").readLine());
            }
            assertTrue(opens.get() < 200, "opened " + opens.get() + " of 200 before the client read");
        }
        Await.until(Duration.ofSeconds(5), "the files are closed with the connection", () -> openCount(file) == 0);
    }

    private static int openCount(Path file) {
        Path target = file.toAbsolutePath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(target);
                } catch (IOException e) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static X509Bundle cert() throws Exception {
        return new CertificateBuilder().subject("CN=localhost").addSanIpAddress("127.0.0.1")
                .setIsCertificateAuthority(true).buildSelfSigned();
    }

    private static SSLContext trust(X509Bundle cert) throws Exception {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, cert.toTrustManagerFactory().getTrustManagers(), null);
        return ssl;
    }

    /** A channel that records the threads that read and close it; everything else is delegated. */
    private static class Recording extends FileChannel {
        private final FileChannel in;
        private final Set<String> threads;

        Recording(FileChannel in, Set<String> threads) {
            this.in = in;
            this.threads = threads;
        }

        private void record(String what) {
            if (threads != null) {
                threads.add(what + " " + Thread.currentThread().getName());
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            record("read");
            return in.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            record("read");
            return in.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            record("read");
            return in.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return in.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return in.write(srcs, offset, length);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return in.write(src, position);
        }

        @Override
        public long position() throws IOException {
            return in.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            in.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            record("size");
            return in.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            in.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            in.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            record("read");
            return in.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return in.transferFrom(src, position, count);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return in.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return in.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return in.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            record("close");
            in.close();
        }
    }

    /** A socket with a small receive buffer, set before connecting so the TCP window stays small. */
    private static Socket receiveBuffer(int bytes) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(bytes);
        return s;
    }
}
