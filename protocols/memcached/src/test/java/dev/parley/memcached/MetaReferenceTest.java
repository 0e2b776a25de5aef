package dev.parley.memcached;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Plays the same meta command transcripts against the real memcached ({@value #MEMCACHED}, started here on a free
 * loopback port) and against this server, and asserts the same reply bytes. Skipped only when the binary is absent.
 *
 * <p>Masked before comparing, because they cannot match: cas uniques ({@code c<n>} becomes {@code c#}), positive
 * remaining TTLs ({@code t<n>} becomes {@code t#}: memcached's clock ticks once a second, so a transcript crossing a
 * tick sees one less; {@code t-1} is compared as is) and the whole {@code ME} line of {@code me}, whose fields are
 * memcached's internals. Each transcript ends with {@code mn}, so its reply is complete at {@code MN}.
 *
 * <p>Left out on purpose, where this server differs from memcached 1.6.18 by design (see the README): an {@code ms}
 * rejected for its key or its number of flags (memcached then reads the data block as a command; this server skips
 * it), an {@code ms} whose {@code <datalen>} is not a number (this server answers and closes), {@code h} and
 * {@code l} (not supported), client flags over 2^32-1 (memcached 1.6.18 truncates them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetaReferenceTest {

    static final String MEMCACHED = ReferenceMemcached.BINARY;

    private ReferenceMemcached memcached;
    private int memcachedPort;
    private RunningMemcachedServer parley;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(ReferenceMemcached.isInstalled(), MEMCACHED + " is not installed");
        memcached = ReferenceMemcached.start();
        memcachedPort = memcached.port();
        parley = MemcachedServer.builder().server(s -> s.port(0).ioThreads(1)).build().start();
    }

    @AfterAll
    void stop() throws Exception {
        if (parley != null) {
            parley.close();
        }
        if (memcached != null) {
            memcached.close();
        }
    }

    @BeforeEach
    void flush() throws IOException {
        assertEquals("OK\r\n", play(memcachedPort, "flush_all\r\n", "OK\r\n"));
        assertEquals("OK\r\n", play(parley.port(), "flush_all\r\n", "OK\r\n"));
    }

    @Test
    void getAndSetWithTheirFlags() throws IOException {
        same("ms foo 3 T0 F5\r\nbar\r\n"
                + "mg foo v f s t k O123\r\n"
                + "mg foo\r\n"
                + "mg foo c f\r\n"
                + "mg foo s v k t\r\n"
                + "mg miss v\r\n"
                + "mg miss v k O9\r\n"
                + "mg miss O1 k\r\n"
                + "ms x1 1 c k O3\r\nx\r\n"
                + "ms x2 0\r\n\r\n"
                + "mg x2 v s\r\n"
                + "mg    x1   s  \r\n"
                + "ms t1 2 T100 F4294967295\r\nab\r\n"
                + "mg t1 t f v\r\n"
                + "mg t1 t v T0 t\r\n"
                + "ms gone 1 T-1\r\nx\r\n"
                + "mg gone v\r\n");
    }

    @Test
    void quietModeSuppressesOnlyTheNominalReplies() throws IOException {
        same("mg miss v q\r\n"
                + "mg miss k O9 q\r\n"
                + "ms q1 1 q\r\nx\r\n"
                + "mg q1 q\r\n"
                + "mg q1 q k v\r\n"
                + "ms q1 1 ME q\r\nx\r\n"
                + "md q1 q\r\n"
                + "md q1 q\r\n"
                + "ma n1 q\r\n"
                + "ma n1 N0 J5 q v\r\n"
                + "ma n1 q v\r\n"
                + "mg n1 v\r\n"
                + "mn\r\n"
                + "mn extra tokens\r\n");
    }

    @Test
    void setModesCompareAndInvalidate() throws IOException {
        same("ms b 1 MA\r\ny\r\n"
                + "ms b 1 ME\r\ny\r\n"
                + "ms b 1 ME\r\nz\r\n"
                + "ms b 1 MR\r\nr\r\n"
                + "ms zz 1 MR\r\nz\r\n"
                + "ms b 1 MP\r\n<\r\n"
                + "ms b 1 MA\r\n>\r\n"
                + "mg b v\r\n"
                + "ms b 1 MS\r\ns\r\n"
                + "ms b 1 MX\r\nw\r\n"
                + "ms b 1 Ms\r\nw\r\n"
                + "ms b 1 M\r\nw\r\n"
                + "ms b 1 C1\r\nw\r\n"
                + "ms missing 1 C5\r\nx\r\n"
                + "ms b 1 MA C1\r\nw\r\n"
                + "ms b 1 I C99999999\r\nz\r\n"
                + "ms b 1 I C1\r\ny\r\n"
                + "mg b v c\r\n"
                + "mg b v\r\n"
                + "ms b 1 I\r\nn\r\n"
                + "mg b v\r\n"
                + "ms c 1 C0 k O1 c\r\nw\r\n");
    }

    @Test
    void deleteAndInvalidateHandOutTheWinToken() throws IOException {
        same("ms v1 1 T60\r\nx\r\n"
                + "md v1 I T30\r\n"
                + "mg v1 v t\r\n"
                + "mg v1 v t\r\n"
                + "ms v1 1\r\ny\r\n"
                + "mg v1 v\r\n"
                + "md v1 k O1\r\n"
                + "md v1 k O1\r\n"
                + "md v1\r\n"
                + "ms v2 1\r\nx\r\n"
                + "md v2 C1\r\n"
                + "md v2 T5\r\n"
                + "mg v2 v\r\n"
                + "md nope I\r\n"
                + "ms v3 1\r\n5\r\n"
                + "md v3 I q\r\n"
                + "ma v3 v\r\n"
                + "mg v3 v\r\n");
    }

    @Test
    void vivifyAndRecache() throws IOException {
        same("mg v1 N30 v t\r\n"
                + "mg v1 N30 v t\r\n"
                + "ms v1 1 T60\r\nx\r\n"
                + "mg v1 v t\r\n"
                + "mg v1 R30 v t\r\n"
                + "mg v1 R100 v t\r\n"
                + "mg v1 R100 v t\r\n"
                + "ms v2 1 T0\r\nx\r\n"
                + "mg v2 R100 v\r\n"
                + "mg v3 N0 s\r\n"
                + "mg v3 v\r\n");
    }

    @Test
    void arithmetic() throws IOException {
        same("ma c1\r\n"
                + "ma c1 N0\r\n"
                + "ma c1 N0 v\r\n"
                + "ma c1 v t\r\n"
                + "ma c1 MD D10 v\r\n"
                + "ma c1 M- v\r\n"
                + "ma c1 M+ D18446744073709551615 v\r\n"
                + "ma c1 MI D2 v\r\n"
                + "ma c1 Dabc\r\n"
                + "ma c1 MX\r\n"
                + "ma c1 Mi\r\n"
                + "ma c1 M\r\n"
                + "ma c1 C1\r\n"
                + "ma c1 T100 t\r\n"
                + "ma c1 k O5\r\n"
                + "ma c2 N5 J7 v t\r\n"
                + "ma c2 v\r\n"
                + "ms s1 2\r\nab\r\n"
                + "ma s1\r\n"
                + "ma zz k O2\r\n"
                + "incr c2 1\r\n"
                + "get c2\r\n");
    }

    @Test
    void malformedLinesGetMemcachedsWords() throws IOException {
        String k251 = "k".repeat(251);
        same("ms ok 1\r\nx\r\n"
                + "mg ok s v v\r\n"
                + "mg ok zz\r\n"
                + "mg ok !\r\n"
                + "mg ok E5\r\n"
                + "mg ok Tabc\r\n"
                + "mg ok Nabc\r\n"
                + "mg ok R\r\n"
                + "mg ok O\r\n"
                + "mg ok O" + "o".repeat(31) + "\r\n"
                + "mg ok O" + "o".repeat(32) + "\r\n"
                + "mg ok" + " v".repeat(18) + "\r\n"
                + "mg ok" + " v".repeat(17) + "\r\n"
                + "mg ok c f k O1 s t v T1 N1 R1 q u b\r\n"
                + "ms ok 1 !\r\nx\r\n"
                + "ms ok 1 T1 T2\r\nx\r\n"
                + "ms ok 1 Tabc\r\nx\r\n"
                + "ms ok 1 F-1\r\nx\r\n"
                + "ms ok 1 C\r\nx\r\n"
                + "ms ok 1 Cabc\r\nx\r\n"
                + "ms ok 1 v s t f\r\nx\r\n"
                + "ms ok 3\r\nabcde\r\n"
                + "ms ok\r\n"
                + "md ok !\r\n"
                + "md ok k k\r\n"
                + "md ok Tabc\r\n"
                + "ma ok Jabc\r\n"
                + "mg\r\n" + "ms\r\n" + "md\r\n" + "ma\r\n" + "me\r\n"
                + "mg " + k251 + " v\r\n"
                + "md " + k251 + "\r\n"
                + "ma " + k251 + "\r\n"
                + "me " + k251 + "\r\n"
                + "mg " + "k".repeat(250) + " v\r\n"
                + "MG ok\r\n");
    }

    @Test
    void base64Keys() throws IOException {
        same("ms Zm9v 2 b\r\nhi\r\n"
                + "mg foo v k\r\n"
                + "mg Zm9v b v k\r\n"
                + "mg Zm9v b k O1\r\n"
                + "get foo\r\n"
                + "mg Zm9v= b v\r\n"
                + "mg !!!! b v\r\n"
                + "mg Zm9 b v\r\n"
                + "ms x2 1 b\r\nx\r\n"
                + "md x2 b\r\n"
                + "ma x2 b\r\n"
                + "md Zm9v b k\r\n"
                + "mg foo v\r\n"
                + "mg YmFy b k v\r\n");
    }

    @Test
    void debugAndClassicInterplay() throws IOException {
        same("set a 3 0 2\r\nhi\r\n"
                + "mg a v f\r\n"
                + "me a\r\n"
                + "me nope\r\n"
                + "ms b 2 F9\r\nyo\r\n"
                + "get a b\r\n"
                + "append b 0 0 1\r\n!\r\n"
                + "mg b v s\r\n"
                + "delete a\r\n"
                + "mg a v\r\n");
    }

    /** Plays a transcript against both servers and asserts the same reply, masked as the class describes. */
    private void same(String transcript) throws IOException {
        String request = transcript + "mn\r\n";
        // Every mn line is answered MN (the transcript may have some of its own): read until all of them are in,
        // not until the first reply that happens to end a read with one.
        int ends = (int) request.lines().filter(line -> line.startsWith("mn")).count();
        String expected = mask(play(memcachedPort, request, ends));
        String actual = mask(play(parley.port(), request, ends));
        assertTrue(expected.endsWith("MN\r\n"), expected);
        assertEquals(expected, actual, transcript);
    }

    /** Masks cas uniques and positive TTLs on meta reply lines ({@code VA HD EN NF NS EX}), and {@code ME} lines. */
    static String mask(String reply) {
        StringBuilder out = new StringBuilder(reply.length());
        for (String line : reply.split("(?<=\r\n)")) {
            if (line.startsWith("ME ")) {
                line = "ME #\r\n";
            } else if (line.matches("(VA \\d+|HD|EN|NF|NS|EX)( [^\r]*)?\r\n")) {
                line = line.replaceAll("(?<= )c\\d+(?=[ \r])", "c#").replaceAll("(?<= )t\\d+(?=[ \r])", "t#");
            }
            out.append(line);
        }
        return out.toString();
    }

    /** Sends the request in one write and reads until the reply holds {@code ends} lines {@code MN}; at most 10 s. */
    private static String play(int port, String request, int ends) throws IOException {
        return play(port, request, reply -> count(reply, "MN\r\n") >= ends);
    }

    /** Sends the request in one write and reads until the reply ends with {@code end}; at most 10 s. */
    private static String play(int port, String request, String end) throws IOException {
        return play(port, request, reply -> reply.endsWith(end));
    }

    private static String play(int port, String request, java.util.function.Predicate<String> complete)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!complete.test(got.toString(StandardCharsets.ISO_8859_1)) && System.nanoTime() < deadline) {
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException e) {
                    break;
                }
                if (n < 0) {
                    break;
                }
                got.write(buf, 0, n);
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }
}
