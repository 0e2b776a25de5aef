package dev.parley.agent.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.RetryPolicy;
import dev.parley.testkit.peer.Script;
import dev.parley.testkit.peer.ScriptedServer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transfers against a scripted agent. A pull is checked against the agent's SHA-256 before it is renamed into place:
 * bytes changed on the way (here by an agent that sends other bytes than its file holds, as a corrupting link would
 * deliver them) fail the pull, and neither the target nor the temporary file is left behind. An agent that does not
 * say {@code modes=posix} is never sent a mode argument it would refuse.
 */
class ScriptedAgentTransferTest {

    private static final String HELLO = "HELLO parley/1 agent version=0.1.0";

    @TempDir
    Path temp;

    @Test
    void bytesChangedInFlightFailThePullAndLeaveNoFile() throws Exception {
        Path target = temp.resolve("report.txt");
        String agentSha = sha256("hello world\n");
        try (ScriptedServer peer = ScriptedServer.start(Script.builder()
                .sendLine(HELLO)
                .expectLineMatching("pull \\S*report\\.txt")
                .send("OK mode=0644 {12}\nhellO world\n")
                .expectLineMatching("hash \\S*report\\.txt sha256")
                .sendLine("OK " + agentSha)
                .drainUntilEof()
                .build());
             ParleyClient client = ParleyClient.create(1);
             AgentClient agent = AgentClient.connect(client, peer.address(), options())) {
            TransferIntegrityException e = assertThrows(TransferIntegrityException.class,
                    () -> agent.pull("/report.txt", target, null));
            assertTrue(e.getMessage().contains(agentSha), e.getMessage());
            assertTrue(e.getMessage().contains(sha256("hellO world\n")), e.getMessage());
        }
        assertFalse(Files.exists(target), "no half-written destination");
        assertEquals(List.of(), list(temp), "the temporary file is removed");
    }

    @Test
    void matchingDigestsMoveTheFileIntoPlaceWithTheAgentsMode() throws Exception {
        Path target = Files.writeString(temp.resolve("report.txt"), "old");
        try (ScriptedServer peer = ScriptedServer.start(Script.builder()
                .sendLine(HELLO)
                .expectLineMatching("pull \\S*report\\.txt")
                .send("OK mode=0640 {12}\nhello world\n")
                .expectLineMatching("hash \\S*report\\.txt sha256")
                .sendLine("OK " + sha256("hello world\n"))
                .drainUntilEof()
                .build());
             ParleyClient client = ParleyClient.create(1);
             AgentClient agent = AgentClient.connect(client, peer.address(), options())) {
            TransferResult r = agent.pull("/report.txt", target, null);
            assertEquals(sha256("hello world\n"), r.sha256());
        }
        assertEquals("hello world\n", Files.readString(target));
        if (target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(target)));
        }
        assertEquals(List.of(target), list(temp));
    }

    @Test
    void theAgentsDigestIsAskedForBeforeTheBodyArrivesSoItIsComputedWhileTheBytesTravel() throws Exception {
        // This agent reads both requests before it sends a byte: a client that asked for the digest only after
        // the body would wait here until its deadline.
        Path target = temp.resolve("build.img");
        try (ScriptedServer peer = ScriptedServer.start(Script.builder()
                .sendLine(HELLO)
                .expectLineMatching("pull \\S*build\\.img")
                .expectLineMatching("hash \\S*build\\.img sha256")
                .send("OK {12}\nhello world\n")
                .sendLine("OK " + sha256("hello world\n"))
                .drainUntilEof()
                .build());
             ParleyClient client = ParleyClient.create(1);
             AgentClient agent = AgentClient.connect(client, peer.address(), options())) {
            TransferResult r = agent.pull("/build.img", target, null, Duration.ofSeconds(3));
            assertEquals(sha256("hello world\n"), r.sha256());
        }
        assertEquals("hello world\n", Files.readString(target));
    }

    @Test
    void anAgentThatDoesNotSayModesPosixIsSentNoModeArgument() throws Exception {
        Path local = Files.writeString(temp.resolve("run.sh"), "#!/bin/sh\n");
        String info = "version=0.0.9\nprotocol=parley/1\n";
        try (ScriptedServer peer = ScriptedServer.start(Script.builder()
                .sendLine(HELLO)
                .expectLine("info")
                .send("OK {" + info.length() + "}\n" + info)
                .expectLineMatching("push \\S*run\\.sh \\{10}")
                .expectBytes(10)
                .sendLine("OK " + sha256("#!/bin/sh\n") + " 10")
                .drainUntilEof()
                .build());
             ParleyClient client = ParleyClient.create(1);
             AgentClient agent = AgentClient.connect(client, peer.address(), options())) {
            agent.push(local, "/run.sh", null);
            assertFalse(agent.keepsModes());
        }
    }

    private static ClientOptions options() {
        return ClientOptions.builder().timeouts(t -> t.requestTimeout(Duration.ofSeconds(10)))
                .retries(r -> r.policy(RetryPolicy.never())).build();
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
