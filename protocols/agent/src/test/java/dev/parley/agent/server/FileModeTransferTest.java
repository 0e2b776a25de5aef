package dev.parley.agent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.agent.client.AgentClient;
import dev.parley.agent.client.AgentDeniedException;
import dev.parley.agent.fs.FileMode;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File modes kept by push and pull on POSIX file systems: the bits sent less the agent's mask (022 by default), the
 * owner's access kept, setuid, setgid and sticky bits never applied, and links never followed out of the root.
 */
class FileModeTransferTest {

    @TempDir
    Path temp;

    private AgentFixture fx;
    private AgentClient agent;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        fx = AgentFixture.start(temp);
        agent = fx.client();
    }

    @AfterEach
    void stop() {
        if (fx != null) {
            agent.close();
            fx.close();
        }
    }

    @Test
    void pushAndPullKeep0755And0640And0600() throws Exception {
        assertTrue(agent.keepsModes(), "the agent says modes=posix in its info");
        for (String mode : new String[] {"rwxr-xr-x", "rw-r-----", "rw-------"}) {
            Path local = Files.writeString(temp.resolve(mode + ".txt"), "bytes of " + mode);
            Files.setPosixFilePermissions(local, PosixFilePermissions.fromString(mode));

            agent.push(local, "/modes/" + mode + ".txt", null);
            Path stored = fx.root.resolve("modes/" + mode + ".txt");
            assertEquals(mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)), "pushed");
            assertEquals(FileMode.of(PosixFilePermissions.fromString(mode)),
                    agent.stat("/modes/" + mode + ".txt").mode(), "stat reports it");

            Path back = temp.resolve("back-" + mode + ".txt");
            agent.pull("/modes/" + mode + ".txt", back, null);
            assertEquals(mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(back)), "pulled");
        }
    }

    @Test
    void aDirectoryGetsItsModeAndKeepsTheOwnersAccess() throws Exception {
        agent.mkdir("/tree/sub", 0750);
        assertEquals("rwxr-x---", permissions(fx.root.resolve("tree/sub")));
        agent.mkdir("/tree/sub", 0555);
        assertEquals("rwxr-xr-x", permissions(fx.root.resolve("tree/sub")),
                "an existing directory is brought in line too, and the agent keeps rwx for itself");
        Path inside = Files.writeString(temp.resolve("in.txt"), "still writable by the agent");
        agent.push(inside, "/tree/sub/in.txt", null);
        assertEquals("still writable by the agent", Files.readString(fx.root.resolve("tree/sub/in.txt")));
    }

    @Test
    void theMaskKeepsGroupAndOtherFromWriting() throws Exception {
        Path local = Files.writeString(temp.resolve("open.txt"), "everyone may write here");
        Files.setPosixFilePermissions(local, PosixFilePermissions.fromString("rwxrwxrwx"));
        agent.push(local, "/open.txt", null);
        assertEquals("rwxr-xr-x", permissions(fx.root.resolve("open.txt")));
    }

    @Test
    void setuidSetgidAndStickyBitsAreNeverApplied() throws Exception {
        try (NcClient nc = fx.nc()) {
            nc.greeting();
            byte[] body = "#!/bin/sh\n".getBytes(StandardCharsets.US_ASCII);
            assertTrue(nc.callWithBody("push /suid.sh mode=6755", body).line().startsWith("OK "));
            Path stored = fx.root.resolve("suid.sh");
            assertEquals(0755, unixMode(stored), "only the permission bits");

            assertEquals("OK mode=0755", nc.call("chmod /suid.sh mode=7777").line());
            assertEquals(0755, unixMode(stored), "chmod drops them as well, and applies the mask");

            assertEquals("OK", nc.call("mkdir /sticky mode=1777").line());
            assertEquals(0755, unixMode(fx.root.resolve("sticky")));

            assertTrue(nc.call("chmod /suid.sh mode=9999").line().startsWith("ERR BAD_ARGS mode: "));
            assertTrue(nc.call("push /bad mode=rwx").line().startsWith("ERR BAD_ARGS"));
        }
    }

    @Test
    void pullAndStatReportTheModeOnTheWire() throws Exception {
        Path file = Files.writeString(fx.root.resolve("r.txt"), "hello");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        try (NcClient nc = fx.nc()) {
            nc.greeting();
            NcClient.Wire pull = nc.call("pull /r.txt");
            assertEquals("OK mode=0640 {5}", pull.line());
            assertTrue(nc.call("stat /r.txt").line().matches("OK f 5 \\d+ mode=0640"));
        }
    }

    @Test
    void chmodNeverFollowsALinkOutOfTheRoot() throws Exception {
        Path outside = Files.writeString(temp.resolve("outside.txt"), "not the agent's");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(fx.root.resolve("out"), outside);
        try {
            agent.chmod("/out", 0644);
            throw new AssertionError("chmod through a link leading out must be refused");
        } catch (AgentDeniedException expected) {
            assertEquals("rw-------", permissions(outside));
        }
        assertEquals("rwxrwxrwx", PosixFilePermissions.toString(Files.readAttributes(fx.root.resolve("out"),
                java.nio.file.attribute.PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions()),
                "the link itself is untouched");
    }

    private static String permissions(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static int unixMode(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:mode") & 07777;
    }
}
