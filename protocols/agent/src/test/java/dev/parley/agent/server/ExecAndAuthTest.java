package dev.parley.agent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.agent.client.AgentClient;
import dev.parley.agent.client.AgentDeniedException;
import dev.parley.agent.client.ExecOutput;
import dev.parley.agent.fs.ExecPolicy;
import dev.parley.client.ClientOptions;
import dev.parley.codec.text.ErrorCode;
import dev.parley.server.Authenticator;
import dev.parley.server.Limits;
import dev.parley.server.ServerOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** exec under an allow-list with its limits, and the shared-token authentication. */
class ExecAndAuthTest {

    @TempDir
    Path temp;

    private AgentFixture start(AgentServer.Builder options) throws Exception {
        return new AgentFixture(Files.createDirectories(temp.resolve("root")), options);
    }

    @Test
    void allowedProgramsRunInTheSessionDirectoryWithinTheirLimits() throws Exception {
        ExecPolicy policy = ExecPolicy.builder().allow("echo", "pwd", "sleep", "seq", "false")
                .timeLimit(Duration.ofSeconds(1)).outputCap(1000).build();
        try (AgentFixture fx = start(AgentServer.builder().execPolicy(policy));
             NcClient nc = fx.nc();
             AgentClient agent = fx.client()) {
            NcClient.Wire echo = nc.call("exec echo \"hello world\"");
            assertEquals("OK 0 {12}", echo.line());
            assertEquals("hello world\n", echo.bodyText());

            Files.createDirectory(fx.root.resolve("sub"));
            agent.cd("sub");
            assertTrue(agent.exec("pwd").outputAsString().trim().endsWith("/sub"));

            ExecOutput fails = agent.exec("false");
            assertEquals(1, fails.exitCode());
            assertFalse(fails.succeeded());

            long start = System.nanoTime();
            ExecOutput slow = agent.exec("sleep", "30");
            assertTrue(slow.timedOut());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "killed at the time limit");
            assertTrue(nc.call("exec sleep 30").line().matches("OK -?\\d+ timed-out \\{0}"));

            ExecOutput chatty = agent.exec("seq", "1", "100000");
            assertTrue(chatty.truncated());
            assertEquals(1000, chatty.output().length);
            assertTrue(chatty.outputAsString().startsWith("1\n2\n3\n"));
            assertEquals("OK 0 truncated {1000}", nc.call("exec seq 1 100000").line());

            AgentDeniedException denied = assertThrows(AgentDeniedException.class, () -> agent.exec("rm", "-rf", "/"));
            assertEquals(ErrorCode.DENIED, denied.errorCode());
            assertTrue(nc.call("exec sh -c id").line().startsWith("ERR DENIED"));
            assertTrue(nc.call("exec").line().startsWith("ERR BAD_ARGS"));
        }
    }

    @Test
    void withATokenOnlyPingHelpAndQuitWorkBeforeAuth() throws Exception {
        try (AgentFixture fx = start(AgentServer.builder()
                .server(s -> s.authenticator(Authenticator.sharedToken("s3cret-token"))));
             NcClient nc = fx.nc()) {
            assertEquals("OK pong", nc.call("ping").line());
            assertTrue(nc.call("ls").line().startsWith("ERR AUTH_REQUIRED"));
            assertTrue(nc.call("info").line().startsWith("ERR AUTH_REQUIRED"));
            String wrong = nc.call("auth nope").line();
            assertTrue(wrong.startsWith("ERR DENIED"), wrong);
            assertFalse(wrong.contains("s3cret-token"));
            assertEquals("OK", nc.call("auth s3cret-token").line().substring(0, 2));
            assertEquals("OK {0}", nc.call("ls").line());

            try (AgentClient good = fx.client(ClientOptions.builder().authToken("s3cret-token").build())) {
                good.mkdir("made");
                assertEquals(List.of("made"), good.ls().stream().map(e -> e.name()).toList());
            }
            try (AgentClient anonymous = fx.client()) {
                AgentDeniedException e = assertThrows(AgentDeniedException.class, anonymous::ls);
                assertEquals(ErrorCode.AUTH_REQUIRED, e.errorCode());
            }
        }
    }

    @Test
    void optionsRoundTripAndHideTheToken() {
        AgentServer options = AgentServer.builder().root(temp).execPolicy(ExecPolicy.allowing("echo"))
                .server(s -> s.authenticator(Authenticator.sharedToken("hidden-token")).port(0).bindAddress("0.0.0.0")
                        .limits(l -> l.idleTimeout(Duration.ofSeconds(9)).maxConnections(3)))
                .build();
        assertEquals(options, options.toBuilder().build());
        assertEquals(options.toString(), options.toBuilder().build().toString());
        assertFalse(options.toString().contains("hidden-token"));
        assertEquals(3, options.server().limits().maxConnections());
        assertEquals(Duration.ofSeconds(9), options.server().limits().idleTimeout());
        AgentServer defaults = AgentServer.builder().root(temp).build();
        assertEquals(AgentServer.DEFAULT_PORT, defaults.port());
        assertEquals(ServerOptions.DEFAULT_BIND_ADDRESS, defaults.server().bindAddress());
        assertEquals(Limits.defaults(), defaults.server().limits());
        assertNull(defaults.server().authenticator());
        assertFalse(defaults.execPolicy().isEnabled());
        assertThrows(IllegalStateException.class, () -> AgentServer.builder().build());
        assertThrows(IllegalArgumentException.class, () -> AgentServer.builder().server(s -> s.port(70000)));
    }

    @Test
    void theServerOptionsReachTheRunningAgent() throws Exception {
        try (AgentFixture fx = start(AgentServer.builder().server(s -> s.limits(l -> l.maxConnections(1))));
             NcClient first = fx.nc()) {
            assertTrue(first.greeting().startsWith("HELLO parley/1 agent"), first.greeting());
            try (NcClient second = fx.nc()) {
                assertTrue(second.greeting().startsWith("BYE BUSY"), second.greeting());
            }
        }
    }

    @Test
    void serverOptionsGivenWholeAreTakenAsGiven() {
        ServerOptions server = ServerOptions.builder().port(0).build();
        AgentServer options = AgentServer.builder().root(temp).server(server).build();
        assertEquals(server, options.server());
    }
}
