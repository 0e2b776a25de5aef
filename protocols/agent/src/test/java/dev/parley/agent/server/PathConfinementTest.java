package dev.parley.agent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.agent.client.AgentClient;
import dev.parley.agent.client.AgentDeniedException;
import dev.parley.codec.text.ParleyText;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Escape attempts over the network, for every verb that takes a path: all answered ERR DENIED. */
class PathConfinementTest {

    @TempDir
    Path temp;

    private AgentFixture fx;
    private Path outside;
    private NcClient nc;

    @BeforeEach
    void start() throws Exception {
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        fx = AgentFixture.start(temp);
        Files.createDirectories(fx.root.resolve("a/b"));
        Files.writeString(fx.root.resolve("a/inside.txt"), "inside");
        Files.createSymbolicLink(fx.root.resolve("out"), outside);
        Files.createSymbolicLink(fx.root.resolve("a/secret-link"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(fx.root.resolve("dangling"), outside.resolve("not-yet"));
        nc = fx.nc();
    }

    @AfterEach
    void stop() throws Exception {
        nc.close();
        fx.close();
    }

    /** Paths that must never reach outside the root; quoted per v1 when sent (NUL goes as {@code \x00}). */
    static List<String> corpus() {
        List<String> c = new ArrayList<>(List.of("..", "/..", "../x", "a/../../x", "/a/../../x", "./../x",
                "a/b/../../..", "/../etc/passwd", "../outside/secret.txt", "out", "out/secret.txt",
                "out/new.txt", "a/secret-link", "dangling", "a\u0000b", "/a/inside.txt\u0000.png"));
        c.add("x".repeat(300));
        c.add("a/" + "y".repeat(256) + "/z");
        c.add(("/" + "d".repeat(200)).repeat(25));
        return c;
    }

    @Test
    void everyEscapeAttemptIsDeniedForEveryPathVerb() throws Exception {
        assertEquals("stat \"a\\x00b\"", line("stat %s", "a\u0000b"), "NUL travels as \\x00 in a quoted argument");
        List<String> failures = new ArrayList<>();
        for (String path : corpus()) {
            for (String template : List.of("cd %s", "ls %s", "stat %s", "hash %s", "pull %s", "mkdir %s/sub",
                    "mkdir %s", "mv a/inside.txt %s/moved", "mv %s/x a/x", "rm -r %s/x", "hash %s md5")) {
                String line = line(template, path);
                String reply = nc.call(line).line();
                if (!reply.startsWith("ERR DENIED")) {
                    failures.add(abbreviate(line) + " -> " + abbreviate(reply));
                }
                assertFalse(reply.contains(fx.root.toString()) || reply.contains(outside.toString()),
                        "host path leaked: " + reply);
            }
            String push = nc.callWithBody(line("push %s/up.txt", path), "x".getBytes(StandardCharsets.UTF_8)).line();
            if (!push.startsWith("ERR DENIED")) {
                failures.add("push " + abbreviate(path) + " -> " + push);
            }
        }
        assertEquals(List.of(), failures);
        assertEquals(List.of("secret.txt"), Files.list(outside).map(p -> p.getFileName().toString()).toList());
        assertEquals("secret", Files.readString(outside.resolve("secret.txt")));
        assertTrue(Files.exists(fx.root.resolve("a/inside.txt")));
        assertEquals("OK pong", nc.call("ping").line(), "the session survives the whole corpus");
    }

    @Test
    void removingTheEscapingLinkItselfIsAllowedAndLeavesItsTargetAlone() throws Exception {
        assertEquals("OK", nc.call("rm out").line());
        assertTrue(Files.exists(outside.resolve("secret.txt")));
    }

    @Test
    void hostLookingAbsolutePathsMeanPathsUnderTheRoot() throws Exception {
        assertTrue(nc.call("pull /etc/passwd").line().startsWith("ERR NOT_FOUND"));
        assertTrue(nc.callWithBody("push /etc/passwd mode=0600", "mine".getBytes(StandardCharsets.UTF_8)).line()
                .startsWith("OK "));
        assertEquals("mine", Files.readString(fx.root.resolve("etc/passwd")));
        assertEquals("OK /etc", nc.call("cd /etc").line());
        assertEquals("OK mode=0600 {4}", nc.call("pull passwd").line());
    }

    @Test
    void theTypedClientSurfacesDeniedAsItsOwnException() {
        try (AgentClient agent = fx.client()) {
            for (String path : List.of("..", "/../x", "a/../../x", "out/secret.txt", "a\u0000b", "x".repeat(300))) {
                AgentDeniedException e = assertThrows(AgentDeniedException.class, () -> agent.stat(path), path);
                assertEquals("DENIED", e.code());
                assertFalse(e.getMessage().contains(fx.root.toString()), e.getMessage());
            }
            assertThrows(AgentDeniedException.class, () -> agent.cd(".."));
            assertThrows(AgentDeniedException.class, () -> agent.pull("out/secret.txt", temp.resolve("s"), null));
            assertFalse(Files.exists(temp.resolve("s")));
            assertEquals("/", agent.cwd());
        }
    }

    /** Fills the path into a request template, quoting each word as a v1 writer would. */
    private static String line(String template, String path) {
        StringBuilder sb = new StringBuilder();
        for (String word : template.split(" ")) {
            sb.append(sb.length() == 0 ? "" : " ").append(ParleyText.quote(word.replace("%s", path)));
        }
        return sb.toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
