package dev.parley.memcached;

import dev.parley.memcached.codec.MemcachedBlockAnnouncer;
import dev.parley.testkit.peer.LineConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The meta commands over a socket with a frozen clock: exact TTLs, cas uniques and win tokens over time, the bounds
 * on every input, and the stream staying in sync after a bad {@code ms}. {@link MetaReferenceTest} checks the same
 * replies against memcached itself.
 */
class MetaCommandsTest extends ServerTestSupport {

    @Test
    void setThenGetWithEveryReturnFlag() throws IOException {
        expect("ms foo 3 T60 F5 c\r\nbar\r\n", "HD c1\r\n");
        expect("mg foo v f s t c k O123\r\n", "VA 3 f5 s3 t60 c1 kfoo O123\r\nbar\r\n");
        expect("mg foo\r\n", "HD\r\n");
        clock.advanceMillis(10_500);
        expect("mg foo t\r\n", "HD t50\r\n");
        // t before T shows the TTL it replaces; a repeated flag is refused.
        expect("mg foo t T100\r\n", "HD t50\r\n");
        expect("mg foo t\r\n", "HD t100\r\n");
        expect("mg foo t T1 t\r\n", "CLIENT_ERROR duplicate flag\r\n");
        clock.advanceSeconds(100);
        expect("mg foo v\r\n", "EN\r\n");
        expect("mg foo v k O1\r\n", "EN kfoo O1\r\n");
        expect("get foo\r\n", "END\r\n");
    }

    @Test
    void classicAndMetaCommandsShareItems() throws IOException {
        expect("set a 7 0 2\r\nhi\r\n", "STORED\r\n");
        expect("mg a v f c\r\n", "VA 2 f7 c1\r\nhi\r\n");
        expect("ms a 2 F9 T0\r\nyo\r\n", "HD\r\n");
        expect("gets a\r\n", "VALUE a 9 2 2\r\nyo\r\nEND\r\n");
        expect("mg a t\r\n", "HD t-1\r\n");
    }

    @Test
    void quietModeAndTheNoopEndMarker() throws IOException {
        // One write: only what is not nominal comes back before MN.
        expect("mg miss v q\r\nms a 1 q\r\nx\r\nms a 1 ME q\r\ny\r\nmd a q\r\nmd a q\r\nma n q\r\nmn\r\n",
                "NS\r\nNF\r\nNF\r\nMN\r\n");
    }

    @Test
    void setModesAndCompareAndSwap() throws IOException {
        expect("ms b 1 MA\r\ny\r\n", "NS\r\n");
        expect("ms b 1 ME c\r\ny\r\n", "HD c1\r\n");
        expect("ms b 1 ME\r\nz\r\n", "NS\r\n");
        expect("ms b 1 MP\r\n<\r\n", "HD\r\n");
        expect("ms b 1 MA\r\n>\r\n", "HD\r\n");
        expect("mg b v c\r\n", "VA 3 c3\r\n<y>\r\n");
        expect("ms b 1 C2\r\nw\r\n", "EX\r\n");
        expect("ms b 1 C3 c\r\nw\r\n", "HD c4\r\n");
        expect("ms nope 1 C3 c k\r\nw\r\n", "NF c0 knope\r\n");
        expect("ms b 1 MX\r\nw\r\n", "CLIENT_ERROR invalid mode for ms M token\r\n");
        // I with an older cas unique still stores, marked stale; the first reader wins the token.
        expect("ms b 1 I C1\r\nn\r\n", "HD\r\n");
        expect("mg b v c\r\n", "VA 1 c5 X W\r\nn\r\n");
        expect("mg b v\r\n", "VA 1 Z X\r\nn\r\n");
        expect("ms b 1 I C999\r\nn\r\n", "EX\r\n");
        expect("ms b 1\r\nf\r\n", "HD\r\n");
        expect("mg b v\r\n", "VA 1\r\nf\r\n");
    }

    @Test
    void vivifyOnMissAndRecacheBeforeExpiry() throws IOException {
        expect("mg v N30 v t c\r\n", "VA 0 t30 c1 W\r\n\r\n");
        expect("mg v N30 v t\r\n", "VA 0 t30 Z\r\n\r\n");
        expect("ms v 1 T60\r\nx\r\n", "HD\r\n");
        expect("mg v R30 v t\r\n", "VA 1 t60\r\nx\r\n");
        clock.advanceSeconds(31);
        expect("mg v R30 v t\r\n", "VA 1 t29 W\r\nx\r\n");
        expect("mg v R30 v t\r\n", "VA 1 t29 Z\r\nx\r\n");
        // A vivify TTL already passed creates nothing.
        expect("mg w N-1 v\r\n", "EN\r\n");
    }

    @Test
    void deleteOrInvalidate() throws IOException {
        expect("ms d 1 T60\r\nx\r\n", "HD\r\n");
        expect("md d C9 k\r\n", "EX kd\r\n");
        expect("md d I T30 O7\r\n", "HD O7\r\n");
        expect("mg d v t c\r\n", "VA 1 t30 c2 X W\r\nx\r\n");
        expect("md d\r\n", "HD\r\n");
        expect("md d\r\n", "NF\r\n");
        expect("md d !\r\n", "CLIENT_ERROR invalid or duplicate flag\r\n");
    }

    @Test
    void arithmeticWithCreateModesAndLimits() throws IOException {
        expect("ma n\r\n", "NF\r\n");
        expect("ma n N0 J41 v\r\n", "VA 2\r\n41\r\n");
        expect("ma n v c\r\n", "VA 2 c2\r\n42\r\n");
        expect("ma n MD D50 v\r\n", "VA 1\r\n0\r\n");
        expect("ma n M+ D18446744073709551615 v\r\n", "VA 20\r\n18446744073709551615\r\n");
        expect("ma n MI D2 v\r\n", "VA 1\r\n1\r\n");
        expect("ma n C1\r\n", "EX\r\n");
        expect("ma n T100 t\r\n", "HD t100\r\n");
        expect("ma n D18446744073709551616\r\n", "CLIENT_ERROR invalid or duplicate flag\r\n");
        expect("ma n Mx\r\n", "CLIENT_ERROR invalid mode for ma M token\r\n");
        expect("ms s 2\r\nab\r\n", "HD\r\n");
        expect("ma s\r\n", "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n");
        expect("get n\r\n", "VALUE n 0 1\r\n2\r\nEND\r\n");
    }

    @Test
    void base64KeysAreDecodedAndReturnedEncoded() throws IOException {
        expect("ms Zm9v 2 b\r\nhi\r\n", "HD\r\n");
        expect("get foo\r\n", "VALUE foo 0 2\r\nhi\r\nEND\r\n");
        expect("mg foo v k\r\n", "VA 2 kZm9v b\r\nhi\r\n");
        expect("mg Zm9v= b v\r\n", "CLIENT_ERROR error decoding key\r\n");
        // Decoded, a key may hold any bytes, as in memcached 1.6.18 (checked against it): "a b" has a space.
        expect("mg YSBi b v\r\n", "EN\r\n");
        expect("ms YSBi 2 b\r\nhi\r\n", "HD\r\n");
        expect("mg YSBi b v k\r\n", "VA 2 kYSBi b\r\nhi\r\n");
        // 188 base64 chars decode to 141 bytes: fine; a raw key over 250 is refused before decoding.
        String longKey = "a".repeat(188);
        expect("mg " + longKey + " b\r\n", "EN\r\n");
        expect("mg " + "a".repeat(252) + " b\r\n", "CLIENT_ERROR bad command line format\r\n");
    }

    @Test
    void everyInputIsBounded() throws IOException {
        expect("ms ok 1\r\nx\r\n", "HD\r\n");
        expect("mg ok" + " v".repeat(18) + "\r\n", "CLIENT_ERROR options flags are too long\r\n");
        expect("mg ok O" + "o".repeat(32) + "\r\n", "CLIENT_ERROR opaque token too long\r\n");
        expect("mg ok T2147483648\r\n", "CLIENT_ERROR bad token in command line format\r\n");
        expect("mg ok R-2147483649\r\n", "CLIENT_ERROR bad token in command line format\r\n");
        expect("ms ok 1 F4294967296\r\nx\r\n", "CLIENT_ERROR bad command line format\r\n");
        expect("ms ok 1 C18446744073709551616\r\nx\r\n", "CLIENT_ERROR bad token in command line format\r\n");
        expect("mg ok h\r\n", "CLIENT_ERROR invalid flag\r\n");
        expect("mg ok l\r\n", "CLIENT_ERROR invalid flag\r\n");
        expect("mg ok s v\r\n", "VA 1 s1\r\nx\r\n");
    }

    @Test
    void aBadSetNeverLetsItsDataRunAsCommands() throws IOException {
        expect("ms keep 1\r\nx\r\n", "HD\r\n");
        // Rejected after the length was read: the data ("flush_all") is skipped, not run.
        expect("ms k 11 !\r\nflush_all\r\n\r\n", "CLIENT_ERROR invalid flag\r\n");
        expect("ms " + "k".repeat(251) + " 9\r\nflush_all\r\n", "CLIENT_ERROR bad command line format\r\n");
        expect("ms k 9" + " v".repeat(17) + "\r\nflush_all\r\n", "CLIENT_ERROR options flags too long\r\n");
        // Data shorter or longer than announced: memcached's words, then the next line is a command again.
        expect("ms k 3\r\nabcde\r\n", "CLIENT_ERROR bad data chunk\r\nERROR\r\n");
        expect("mg keep v\r\n", "VA 1\r\nx\r\n");
        // Over the item size limit: refused, and its bytes skipped.
        int big = MemcachedServer.DEFAULT_MAX_ITEM_SIZE + 1;
        conn.send("ms big " + big + "\r\n").send(new byte[big]);
        expect("\r\nmg big v\r\n", "SERVER_ERROR object too large for cache\r\nEN\r\n");
        expect("mg keep v\r\n", "VA 1\r\nx\r\n");
        // A set that was too large drops the old value, as memcached 1.6.18 does (checked by hand against it).
        conn.send("ms keep " + big + "\r\n").send(new byte[big]);
        expect("\r\nmg keep v\r\n", "SERVER_ERROR object too large for cache\r\nEN\r\n");
    }

    @Test
    void aLengthThatIsNotANumberIsAnsweredOnceThenTheConnectionCloses() throws IOException {
        expect("ms keep 1\r\nx\r\n", "HD\r\n");
        conn.send("ms k abc\r\nflush_all\r\n");
        assertEquals("CLIENT_ERROR bad command line format\r\n",
                conn.readLike("CLIENT_ERROR bad command line format\r\n"));
        assertTrue(conn.closedByPeer(), "the server closes after the violation");
        try (LineConnection other = connect()) {
            assertEquals("VA 1\r\nx\r\n", other.exchange("mg keep v\r\n", "VA 1\r\nx\r\n"));
        }
    }

    @Test
    void debugShowsTheItemOrEn() throws IOException {
        expect("ms a 2 T60\r\nhi\r\n", "HD\r\n");
        expect("me a\r\n", "ME a exp=60 cas=1 size=51\r\n");
        expect("me nope\r\n", "EN\r\n");
        expect("me\r\n", "CLIENT_ERROR bad command line format\r\n");
    }

    @Test
    void theAnnouncerFindsTheLengthOfMsOnly() {
        assertEquals(5, blockLength("ms key 5 T1"));
        assertEquals(0, blockLength("ms key 0"));
        assertEquals(MemcachedBlockAnnouncer.NO_BLOCK, blockLength("ms key"));
        assertEquals(MemcachedBlockAnnouncer.NO_BLOCK, blockLength("mg key 5"));
        assertEquals(MemcachedBlockAnnouncer.NO_BLOCK, blockLength("msx key 5"));
    }

    @Test
    void referenceMaskHidesOnlyCasUniquesPositiveTtlsAndDebugLines() {
        assertEquals("VA 1 c# t# t-1 kc1 O5\r\nc12\r\nVALUE c1 0 1\r\nx\r\nME #\r\nHD c#\r\n",
                MetaReferenceTest.mask("VA 1 c17 t30 t-1 kc1 O5\r\nc12\r\nVALUE c1 0 1\r\nx\r\n"
                        + "ME a exp=-1 la=0\r\nHD c3\r\n"));
    }

    private static long blockLength(String line) {
        ByteBuf buf = Unpooled.copiedBuffer(line, StandardCharsets.US_ASCII);
        try {
            return MemcachedBlockAnnouncer.REQUESTS.blockLength(buf);
        } finally {
            buf.release();
        }
    }
}
