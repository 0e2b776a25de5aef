package dev.parley.agent.server;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Starts an agent in its own JVM for tests that need a small heap: {@code AgentMain <root>} binds 127.0.0.1 port 0,
 * prints {@code AGENT_PORT <port>} on standard output, and stops when standard input closes.
 */
public final class AgentMain {

    /** The line prefix that announces the port. */
    static final String PORT_LINE = "AGENT_PORT ";

    private AgentMain() {
    }

    /**
     * Runs the agent until standard input reaches its end.
     *
     * @param args the root directory
     * @throws Exception if the agent cannot start
     */
    public static void main(String[] args) throws Exception {
        try (RunningAgent agent = AgentServer.builder().root(Path.of(args[0])).server(s -> s.port(0)).build().start()) {
            System.out.println(PORT_LINE + agent.port());
            System.out.flush();
            drain();
        }
    }

    private static void drain() throws IOException {
        byte[] buffer = new byte[256];
        while (System.in.read(buffer) >= 0) {
            // wait for the parent to close our standard input
            continue;
        }
    }
}
