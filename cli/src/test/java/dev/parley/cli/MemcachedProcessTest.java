package dev.parley.cli;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "memcached", "--port", "0", "--memory", "8m", "--max-item-size", "64k",
                "--keys", "lenient")
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String ready = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(30, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) memory=8388608 max-item-size=65536 keys=lenient")
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
            p.destroy();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the server stops after SIGTERM");
            assertTrue(p.exitValue() == 0 || p.exitValue() == 143, "exit status: " + p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }
}
