package dev.parley.agent.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An agent in its own JVM ({@link AgentMain}), started and waited for (bounded); always stop or kill it. */
final class AgentProcess implements AutoCloseable {

    final Process process;
    final int port;

    private AgentProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code AgentMain <root>} with the given heap and waits for its port line. */
    static AgentProcess start(Path root, String heap) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of(java, heap, "-cp", cp, AgentMain.class.getName(), root.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        try {
            return new AgentProcess(p, awaitPort(p));
        } catch (Exception e) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Reads the agent's output until the port line (within a bound); keeps draining it afterwards. */
    private static int awaitPort(Process agent) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(agent.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith(AgentMain.PORT_LINE)) {
                        port.complete(Integer.parseInt(line.substring(AgentMain.PORT_LINE.length()).trim()));
                    } else if (seen.size() < 200) {
                        seen.add(line);
                    }
                }
                port.completeExceptionally(new IllegalStateException("agent exited: " + seen));
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
        }, "agent-output");
        reader.setDaemon(true);
        reader.start();
        return port.get(30, TimeUnit.SECONDS);
    }

    /** {@code kill -9}: the agent gets no chance to clean up. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** Closes the agent's standard input, which stops it gracefully; kills it if it does not end in time. */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.flush();
            } catch (IOException alreadyGone) {
                // the process ended meanwhile
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
