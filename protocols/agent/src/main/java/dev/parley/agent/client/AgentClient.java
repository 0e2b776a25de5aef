package dev.parley.agent.client;

import dev.parley.agent.fs.ExecChunk;
import dev.parley.agent.fs.ExecPolicy;
import dev.parley.agent.fs.FileEntry;
import dev.parley.agent.fs.FileMode;
import dev.parley.agent.fs.HashAlgorithm;
import dev.parley.agent.server.AgentServer;
import dev.parley.client.ClientOptions;
import dev.parley.client.spi.ClientProtocol;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyClientException;
import dev.parley.client.Progress;
import dev.parley.client.ProgressListener;
import dev.parley.client.Reply;
import dev.parley.client.Request;
import dev.parley.client.Session;
import dev.parley.codec.text.ErrorCode;
import dev.parley.codec.text.ParleyProtocolException;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A typed client of the automation agent over one Parley {@link Session}. Thread-safe; calls block the calling
 * thread (never call them on an event loop) and end within their deadline: the session's request timeout, or the
 * transfer and exec timeouts below.
 * <pre>{@code
 * try (ParleyClient client = ParleyClient.create();
 *      AgentClient agent = AgentClient.connect(client, new InetSocketAddress("device", 7777))) {
 *     agent.mkdir("/logs");
 *     TransferResult up = agent.push(Path.of("run.log"), "/logs/run.log", null);
 *     List<FileEntry> entries = agent.ls("/logs");
 * }
 * }</pre>
 * Failures are {@link AgentException}s carrying the agent's {@code ERR} code ({@link AgentNotFoundException},
 * {@link AgentDeniedException}) or the client's code ({@code TIMEOUT}, {@code CONNECTION_LOST}, ...). Local file
 * problems of {@code push}/{@code pull} are {@link IOException}s. The working directory set by {@link #cd(String)}
 * is restored on every reconnect of a session opened by {@link #connect}.
 */
public final class AgentClient implements AutoCloseable {

    /** Default deadline of {@code push}, {@code pull} and {@code hash}: one hour. */
    public static final Duration DEFAULT_TRANSFER_TIMEOUT = Duration.ofHours(1);
    /** Default deadline of {@code exec}: the agent's default time limit plus 30 seconds. */
    public static final Duration DEFAULT_EXEC_TIMEOUT = ExecPolicy.DEFAULT_TIME_LIMIT.plusSeconds(30);

    /** How long past a transfer's deadline the caller waits for the session to report it. */
    private static final Duration WAIT_SLACK = Duration.ofSeconds(5);

    private final Session session;
    private final boolean ownsSession;
    private final AtomicReference<String> cwd;
    private volatile Boolean keepsModes;

    private AgentClient(Session session, boolean ownsSession, AtomicReference<String> cwd) {
        this.session = session;
        this.ownsSession = ownsSession;
        this.cwd = cwd;
    }

    /**
     * Opens a session to an agent with the default options.
     *
     * @param client the shared client resources
     * @param address the agent
     * @return the agent client; closing it closes the session
     */
    public static AgentClient connect(ParleyClient client, SocketAddress address) {
        return connect(client, address, ClientOptions.defaults());
    }

    /**
     * Opens a session to an agent. The options' protocol is replaced by the Parley protocol expecting the service
     * {@value AgentServer#SERVICE}, and their on-connect hook is followed by one that restores the working directory
     * on each new connection. Put the agent's token in {@link ClientOptions.Builder#authToken(String)}.
     *
     * @param client the shared client resources
     * @param address the agent
     * @param options the session's options
     * @return the agent client; closing it closes the session
     */
    public static AgentClient connect(ParleyClient client, SocketAddress address, ClientOptions options) {
        AtomicReference<String> cwd = new AtomicReference<>("/");
        ClientOptions agentOptions = options.toBuilder()
                .protocol(ClientProtocol.parley(AgentServer.SERVICE))
                .onConnect(new RestoreCwd(options.onConnect(), cwd))
                .build();
        return new AgentClient(client.connect(address, agentOptions), true, cwd);
    }

    /**
     * Wraps a session opened elsewhere. Its working directory is not restored after a reconnect unless the session's
     * own on-connect hook does it; closing the agent client leaves the session open.
     *
     * @param session a session to an agent
     * @return the agent client
     */
    public static AgentClient over(Session session) {
        return new AgentClient(Objects.requireNonNull(session, "session"), false, new AtomicReference<>("/"));
    }

    /** @return the session the calls go through */
    public Session session() {
        return session;
    }

    /**
     * Asks the agent for {@code OK pong}.
     *
     * @return the round-trip time
     * @throws AgentException if the agent does not answer
     */
    public Duration ping() {
        long start = System.nanoTime();
        call(AgentVerbs.request("ping"));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Returns the agent's description: {@code version}, {@code protocol}, {@code os.name}, {@code os.arch},
     * {@code os.version}, {@code java.version}, {@code hostname}, {@code root}, {@code uptime.ms}, {@code time}, and
     * the traffic counters since start-up: {@code requests}, {@code errors}, {@code connections} (open now),
     * {@code connections_total}, {@code connections_refused}, {@code requests_held}, {@code bytes_in},
     * {@code bytes_out}.
     *
     * @return the pairs in the agent's order
     * @throws AgentException on failure
     */
    public Map<String, String> info() {
        return Listings.pairs(call(AgentVerbs.request("info")).bodyAsString());
    }

    /**
     * Returns the agent's clock.
     *
     * @return the agent's time, to the millisecond
     * @throws AgentException on failure
     */
    public Instant time() {
        return Instant.ofEpochMilli(Long.parseLong(call(AgentVerbs.request("time")).arg(0)));
    }

    /**
     * Returns the session's working directory on the agent.
     *
     * @return an absolute POSIX path, {@code /} being the agent's root
     * @throws AgentException on failure
     */
    public String cwd() {
        String dir = call(AgentVerbs.request("cwd")).arg(0);
        cwd.set(dir);
        return dir;
    }

    /**
     * Changes the session's working directory. A relative path is resolved here against the last known working
     * directory, so that the request means the same thing if it is repeated.
     *
     * @param path the directory, absolute or relative
     * @return the new working directory
     * @throws AgentNotFoundException if it does not exist
     * @throws AgentDeniedException if it leaves the root
     * @throws AgentException otherwise ({@code FAILED} for a file)
     */
    public String cd(String path) {
        String dir = call(AgentVerbs.request("cd", Listings.absolute(cwd.get(), path))).arg(0);
        cwd.set(dir);
        return dir;
    }

    /**
     * Lists the working directory.
     *
     * @return the entries sorted by name
     * @throws AgentException on failure
     */
    public List<FileEntry> ls() {
        return Listings.entries(call(AgentVerbs.request("ls")).bodyAsString());
    }

    /**
     * Lists a directory; a file is listed as one entry.
     *
     * @param path the directory or file
     * @return the entries sorted by name; links are not followed
     * @throws AgentNotFoundException if the path does not exist
     * @throws AgentException on other failures
     */
    public List<FileEntry> ls(String path) {
        return Listings.entries(call(AgentVerbs.request("ls", path)).bodyAsString());
    }

    /**
     * Describes one entry without following a link.
     *
     * @param path the path
     * @return its type, size, modification time and name (the last component of {@code path})
     * @throws AgentNotFoundException if it does not exist
     * @throws AgentException on other failures
     */
    public FileEntry stat(String path) {
        Reply r = call(AgentVerbs.request("stat", path));
        return Listings.entry(r.arg(0), r.arg(1), r.arg(2), Listings.name(path), Listings.mode(r.args(), 3));
    }

    /**
     * Returns whether the agent keeps file modes: it says {@code modes=posix} in its {@code info} (asked once, on
     * first use). An agent that predates modes, or whose root has no POSIX permissions, does not; then
     * {@link #push}, {@link #mkdir(String, int)} and {@link #chmod} send no mode and the agent's defaults apply.
     *
     * @return whether modes sent to the agent are applied
     * @throws AgentException if {@code info} fails for another reason than an {@code ERR} reply
     */
    public boolean keepsModes() {
        Boolean known = keepsModes;
        if (known == null) {
            try {
                known = "posix".equals(info().get("modes"));
            } catch (AgentException e) {
                if (e.errorCode() == null) {
                    throw e;
                }
                known = false;
            }
            keepsModes = known;
        }
        return known;
    }

    /**
     * Returns the SHA-256 of a remote file.
     *
     * @param path the file
     * @return lowercase hex
     * @throws AgentException on failure
     */
    public String hash(String path) {
        return hash(path, HashAlgorithm.SHA256);
    }

    /**
     * Returns a digest of a remote file, computed by the agent; the deadline is {@link #DEFAULT_TRANSFER_TIMEOUT}.
     *
     * @param path the file
     * @param algorithm the digest
     * @return lowercase hex
     * @throws AgentException on failure
     */
    public String hash(String path, HashAlgorithm algorithm) {
        return call(AgentVerbs.request("hash", path, algorithm.wireName()).withTimeout(DEFAULT_TRANSFER_TIMEOUT))
                .arg(0);
    }

    /**
     * Creates a directory and its parents; succeeds if it exists.
     *
     * @param path the directory
     * @throws AgentException on failure ({@code EXISTS} if a file is in the way)
     */
    public void mkdir(String path) {
        call(AgentVerbs.request("mkdir", path));
    }

    /**
     * Creates a directory and its parents, and gives the directory named (not its parents) permission bits, less
     * the agent's mask, when the agent {@linkplain #keepsModes() keeps modes}.
     *
     * @param path the directory
     * @param mode 0 to {@code 0777}, or {@link FileMode#UNKNOWN} for the agent's default
     * @throws AgentException on failure ({@code EXISTS} if a file is in the way)
     */
    public void mkdir(String path, int mode) {
        if (mode == FileMode.UNKNOWN || !keepsModes()) {
            mkdir(path);
        } else {
            call(AgentVerbs.request("mkdir", path, FileMode.argument(mode)));
        }
    }

    /**
     * Sets the permission bits of a remote file or directory, less the agent's mask (an idempotent action). Does
     * nothing when the agent does not {@linkplain #keepsModes() keep modes}.
     *
     * @param path the file or directory
     * @param mode 0 to {@code 0777}; setuid, setgid and sticky bits are never sent
     * @return the bits the agent set, or {@link FileMode#UNKNOWN} if it set none
     * @throws AgentException on failure
     */
    public int chmod(String path, int mode) {
        if (!keepsModes()) {
            return FileMode.UNKNOWN;
        }
        Reply r = call(AgentVerbs.request("chmod", path, FileMode.argument(mode & FileMode.PERMISSION_BITS)));
        return Listings.mode(r.args(), 0);
    }

    /**
     * Removes a file, a link or an empty directory.
     *
     * @param path what to remove
     * @throws AgentException on failure ({@code FAILED} for a non-empty directory)
     */
    public void rm(String path) {
        call(AgentVerbs.request("rm", path));
    }

    /**
     * Removes a file, a link or a directory, with its contents if {@code recursive}.
     *
     * @param path what to remove
     * @param recursive whether a non-empty directory is removed with everything in it
     * @throws AgentException on failure
     */
    public void rm(String path, boolean recursive) {
        call(recursive ? AgentVerbs.request("rm", "-r", path) : AgentVerbs.request("rm", path));
    }

    /**
     * Moves or renames; into {@code to} if it is an existing directory.
     *
     * @param from the entry
     * @param to the new path or a directory
     * @throws AgentException on failure
     */
    public void mv(String from, String to) {
        call(AgentVerbs.request("mv", from, to));
    }

    /**
     * Runs an allowed program in the working directory; the deadline is {@link #DEFAULT_EXEC_TIMEOUT}.
     *
     * @param program the program, as allowed by the agent
     * @param args its arguments, passed without a shell
     * @return the exit code and output
     * @throws AgentDeniedException if exec is off or the program is not allowed
     * @throws AgentException on other failures
     */
    public ExecOutput exec(String program, String... args) {
        return exec(DEFAULT_EXEC_TIMEOUT, program, List.of(args));
    }

    /**
     * Runs an allowed program in the working directory.
     *
     * @param timeout the deadline of the call; longer than the agent's time limit
     * @param program the program
     * @param args its arguments
     * @return the exit code and output
     * @throws AgentException on failure
     */
    public ExecOutput exec(Duration timeout, String program, List<String> args) {
        String[] words = new String[args.size() + 1];
        words[0] = program;
        for (int i = 0; i < args.size(); i++) {
            words[i + 1] = args.get(i);
        }
        Reply r = call(AgentVerbs.request("exec", words).withTimeout(timeout));
        List<String> flags = r.args().subList(1, r.args().size());
        return new ExecOutput(Integer.parseInt(r.arg(0)), r.body(), flags.contains("timed-out"),
                flags.contains("truncated"));
    }

    /**
     * Runs an allowed program in the working directory with its output streamed: each piece goes to {@code sink} as
     * the agent reads it, standard output and standard error apart ({@code run}, then {@code output} until the
     * program has ended). Against an agent without {@code run}, falls back to {@code exec}: the combined output then
     * goes to the sink as standard output once the program has ended.
     *
     * @param timeout the deadline of each request; longer than the agent's time limit
     * @param program the program, as allowed by the agent
     * @param args its arguments, passed without a shell
     * @param sink where the output goes, called on the session's event loop
     * @return the exit code and flags
     * @throws AgentDeniedException if exec is off or the program is not allowed
     * @throws AgentException on other failures, a malformed record included
     */
    public ExecExit run(Duration timeout, String program, List<String> args, ExecSink sink) {
        String[] words = new String[args.size() + 1];
        words[0] = program;
        for (int i = 0; i < args.size(); i++) {
            words[i + 1] = args.get(i);
        }
        try {
            call(AgentVerbs.request("run", words).withTimeout(timeout));
        } catch (AgentException e) {
            if (!ErrorCode.UNKNOWN_COMMAND.equals(e.errorCode())) {
                throw e;
            }
            Reply r = call(AgentVerbs.request("exec", words).withTimeout(timeout));
            try {
                sink.write(ExecChunk.Stream.OUT, Unpooled.wrappedBuffer(r.body()));
                return ExecExit.of(r);
            } catch (ParleyProtocolException x) {
                throw protocolError(x);
            } catch (Exception x) {
                throw new AgentException("SINK_FAILED", null, Progress.ANSWERED, false, "exec output: " + x, x);
            }
        }
        ExecRecords records = new ExecRecords(sink);
        Request output = AgentVerbs.request("output").withTimeout(timeout);
        for (;;) {
            Reply r;
            try {
                r = session.send(output, records).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AgentException("INTERRUPTED", null, Progress.UNKNOWN, false, "run: interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ParleyClientException) {
                    throw AgentException.from((ParleyClientException) e.getCause());
                }
                throw new AgentException("FAILED", null, Progress.UNKNOWN, false, "run: " + e.getCause(),
                        e.getCause());
            }
            try {
                ExecExit exit = records.end(r);
                if (exit != null) {
                    return exit;
                }
            } catch (ParleyProtocolException x) {
                throw protocolError(x);
            }
        }
    }

    private static AgentException protocolError(ParleyProtocolException e) {
        return new AgentException(ParleyClientException.PROTOCOL, null, Progress.ANSWERED, false, e.getMessage(), e);
    }

    /**
     * Uploads a file, see {@link #push(Path, String, ProgressListener, Duration)}; the deadline is
     * {@link #DEFAULT_TRANSFER_TIMEOUT}.
     *
     * @param local the local file
     * @param remote the remote path; parents are created, an existing file is replaced atomically
     * @param listener progress, called on the session's event loop; or {@code null}
     * @return the verified length and SHA-256
     * @throws IOException if the local file cannot be read
     * @throws TransferIntegrityException if the agent stored other bytes than were read here
     * @throws AgentException on other failures
     */
    public TransferResult push(Path local, String remote, ProgressListener listener) throws IOException {
        return push(local, remote, listener, DEFAULT_TRANSFER_TIMEOUT);
    }

    /**
     * Uploads a file: streams it from disk (zero-copy without TLS), while its SHA-256 is computed here, and checks
     * that the agent's SHA-256 and length match. When the local file system and the agent
     * {@linkplain #keepsModes() keep modes}, the file's permission bits go along ({@code push <path> mode=0755}) and
     * the agent applies them, less its mask, before the file appears at {@code remote}. The upload is an idempotent
     * action: after a lost connection it is sent again, whole; the agent never shows a partial file at {@code remote}.
     *
     * @param local the local file
     * @param remote the remote path
     * @param listener progress, or {@code null}
     * @param timeout the deadline of the whole upload, retries included
     * @return the verified length and SHA-256
     * @throws IOException if the local file cannot be read
     * @throws TransferIntegrityException if the digests or lengths differ
     * @throws AgentException on other failures
     */
    public TransferResult push(Path local, String remote, ProgressListener listener, Duration timeout)
            throws IOException {
        int mode = FileMode.read(local);
        if (mode != FileMode.UNKNOWN && !keepsModes()) {
            mode = FileMode.UNKNOWN;
        }
        return Transfers.push(session, local, remote, mode, listener, timeout.plus(WAIT_SLACK), timeout);
    }

    /**
     * Downloads a file, see {@link #pull(String, Path, ProgressListener, Duration)}; the deadline is
     * {@link #DEFAULT_TRANSFER_TIMEOUT}.
     *
     * @param remote the remote file
     * @param local the local target
     * @param listener progress, or {@code null}
     * @return the length and SHA-256 of the bytes received
     * @throws IOException if the local file cannot be written
     * @throws AgentException on failure
     */
    public TransferResult pull(String remote, Path local, ProgressListener listener) throws IOException {
        return pull(remote, local, listener, DEFAULT_TRANSFER_TIMEOUT);
    }

    /**
     * Downloads a file: streams it to a temporary file next to {@code local} (written off the event loop, with
     * backpressure), checks the length against the announced one and its SHA-256 against the agent's
     * ({@code hash}, asked right behind the pull, so the agent reads the file while it is sent), gives it the
     * permission bits the agent reported ({@code OK mode=0644 {n}}; none from an agent that does not report them),
     * then renames it over {@code local}.
     * On failure the temporary file is deleted and {@code local} is left as it was.
     *
     * @param remote the remote file
     * @param local the local target; its directory must exist
     * @param listener progress, or {@code null}
     * @param timeout the deadline of the whole download
     * @return the length and SHA-256 of the bytes received
     * @throws IOException if the local file cannot be written
     * @throws TransferIntegrityException if fewer or more bytes arrived than announced, or their SHA-256 is not the
     *                                    agent's (bytes changed in flight, or the file changed at the agent meanwhile)
     * @throws AgentException on other failures
     */
    public TransferResult pull(String remote, Path local, ProgressListener listener, Duration timeout)
            throws IOException {
        return Transfers.pull(session, remote, local, listener, timeout.plus(WAIT_SLACK), timeout);
    }

    /** Closes the session if this client opened it. Idempotent. */
    @Override
    public void close() {
        if (ownsSession) {
            session.close();
        }
    }

    @Override
    public String toString() {
        return "AgentClient{" + session.name() + ", cwd=" + cwd.get() + '}';
    }

    private Reply call(Request request) {
        try {
            return session.call(request);
        } catch (ParleyClientException e) {
            throw AgentException.from(e);
        }
    }
}
