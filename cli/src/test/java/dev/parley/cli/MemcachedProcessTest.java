package dev.parley.cli;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code parley memcached} as its own process: one ready line, speaks memcached's protocol (here with lenient keys),
 * stops on SIGTERM.
 */
class MemcachedProcessTest {

    @Test
    void memcachedPrintsOneReadyLineServesAndStopsOnSigterm() throws Exception {
        CliProcess p = CliProcess.start("memcached", "--port", "0", "--memory", "8m", "--max-item-size", "64k",
                "--keys", "lenient", "--transport", "io_uring");
        try {
            String ready = p.readyLine;
            Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) "
                    + "memory=8388608 max-item-size=65536 keys=lenient transport=io_uring")
                    .matcher(ready);
            assertTrue(m.matches(), "ready line: " + ready);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(m.group(1)))) {
                s.setSoTimeout(5000);
                OutputStream o = s.getOutputStream();
                // A key shaped like memcaslap's (eight 0x10 bytes first), which only lenient keys accept.
                String key = "\u0010".repeat(8) + "k";
                o.write(("set " + key + " 0 0 2\r\nhi\r\nget " + key + "\r\n").getBytes(StandardCharsets.US_ASCII));
                o.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.US_ASCII));
                assertEquals("STORED", in.readLine());
                assertEquals("VALUE " + key + " 0 2", in.readLine());
                assertEquals("hi", in.readLine());
                assertEquals("END", in.readLine());
            }
            int status = p.terminate();
            assertTrue(status == 0 || status == 143, "exit status after SIGTERM (-1: still running): " + status);
        } finally {
            p.process.destroyForcibly();
        }
    }
}
