package dev.parley.memcached;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Debian's libmemcached-tools, unchanged, against the server started by the test. */
class StockClientsTest extends ServerTestSupport {

    private static final String[] TOOLS = {"memccp", "memccat", "memcrm", "memcstat", "memcflush"};

    @TempDir
    Path dir;

    @BeforeAll
    static void toolsInstalled() {
        for (String tool : TOOLS) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin", tool)),
                    "/usr/bin/" + tool + " is missing: install libmemcached-tools (CI does it in .ci/run)");
        }
    }

    private record Result(int exit, String out) {
    }

    private Result run(String tool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("/usr/bin/" + tool);
        cmd.add("--servers=127.0.0.1:" + server.port());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish in 20 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void copyReadRemoveAndFlushWithTheStockTools() throws Exception {
        Files.writeString(dir.resolve("greeting.txt"), "hello from memccp");
        Result cp = run("memccp", "greeting.txt");
        assertEquals(0, cp.exit(), cp.out());
        expect("get greeting.txt\r\n", "VALUE greeting.txt 0 17\r\nhello from memccp\r\nEND\r\n");

        Result cat = run("memccat", "greeting.txt");
        assertEquals(0, cat.exit(), cat.out());
        assertTrue(cat.out().startsWith("hello from memccp"), cat.out());

        Result rm = run("memcrm", "greeting.txt");
        assertEquals(0, rm.exit(), rm.out());
        expect("get greeting.txt\r\n", "END\r\n");
        assertTrue(run("memccat", "greeting.txt").exit() != 0, "memccat of a removed key fails");

        expect("set x 0 0 1\r\n1\r\n", "STORED\r\n");
        Result flush = run("memcflush");
        assertEquals(0, flush.exit(), flush.out());
        expect("get x\r\n", "END\r\n");
    }

    @Test
    void memcstatShowsTheGeneralStats() throws Exception {
        expect("set x 0 0 1\r\n1\r\n", "STORED\r\n");
        Result stat = run("memcstat");
        assertEquals(0, stat.exit(), stat.out());
        assertTrue(stat.out().contains("version: " + MemcachedServer.VERSION), stat.out());
        assertTrue(stat.out().contains("curr_items: 1"), stat.out());
        assertTrue(stat.out().contains("cmd_set: 1"), stat.out());
    }
}
