package dev.parley.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code parley agent} as its own process: one ready line, serves requests, stops on SIGTERM. */
class AgentProcessTest {

    @TempDir
    Path root;

    @Test
    void agentPrintsOneReadyLineServesAndStopsOnSigterm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "agent", "--port", "0", "--root", root.toString())
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
            Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) root=(.*)").matcher(ready);
            assertTrue(m.matches(), "ready line: " + ready);
            assertEquals(root.toRealPath().toString(), Path.of(m.group(2)).toRealPath().toString());

            CliRun ping = CliRun.run("call", "127.0.0.1:" + m.group(1), "ping");
            assertEquals("pong\n", ping.out, ping.toString());

            p.destroy();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the agent stops after SIGTERM");
            int status = p.exitValue();
            assertTrue(status == 0 || status == 143, "exit status after SIGTERM: " + status);
        } finally {
            p.destroyForcibly();
        }
    }
}
