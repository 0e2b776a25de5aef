package dev.parley.agent.server;

import dev.parley.agent.fs.AgentFiles;
import dev.parley.agent.fs.FileMode;
import dev.parley.agent.fs.ExecPolicy;
import dev.parley.agent.fs.ExecRunner;
import dev.parley.agent.fs.Sandbox;
import dev.parley.agent.fs.SandboxException;
import dev.parley.codec.text.ErrorCode;
import dev.parley.codec.text.ParleyText;
import dev.parley.server.Call;
import dev.parley.server.Handler;
import dev.parley.server.Reply;
import dev.parley.server.Router;
import dev.parley.server.Session;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles the agent's {@link Router} from the command groups (info, files, transfer, exec) and holds what they
 * share: the session's working directory and the translation of {@link SandboxException} into {@code ERR} replies.
 */
final class AgentRouter {

    static final Logger LOG = LoggerFactory.getLogger("parley.agent");

    /** The session's working directory, a virtual path; absent means {@code /}. */
    static final AttributeKey<String> CWD = AttributeKey.valueOf("parley.agent.cwd");

    private final Router router;
    private final AgentCounters counters = new AgentCounters();

    AgentRouter(Sandbox sandbox, ExecPolicy execPolicy, long startedAtMillis) {
        this(sandbox, execPolicy, FileMode.DEFAULT_MASK, startedAtMillis);
    }

    AgentRouter(Sandbox sandbox, ExecPolicy execPolicy, int modeMask, long startedAtMillis) {
        AgentFiles files = new AgentFiles(sandbox, modeMask);
        Router.Builder b = Router.builder();
        new InfoCommands(sandbox.root(), startedAtMillis, counters, files.keepsModes()).register(b);
        new FileCommands(files).register(b);
        new TransferCommands(files).register(b);
        new ExecCommands(new ExecRunner(sandbox, execPolicy)).register(b);
        this.router = b.build();
    }

    Router router() {
        return router;
    }

    /** @return the traffic counters that {@code info} reports: the server's observer */
    AgentCounters counters() {
        return counters;
    }

    /** Returns the session's working directory. */
    static String cwd(Session session) {
        String cwd = session.attr(CWD).get();
        return cwd == null ? "/" : cwd;
    }

    /** A handler whose sandbox failures become {@code ERR <code> <message>}. */
    @FunctionalInterface
    interface FileHandler {
        Reply handle(Call call, String cwd) throws SandboxException;
    }

    /** Wraps a handler: passes the working directory, answers sandbox failures with their code. */
    static Handler guarded(FileHandler handler) {
        return call -> {
            try {
                return handler.handle(call, cwd(call.session()));
            } catch (SandboxException e) {
                return failure(call, e);
            }
        };
    }

    /** Answers a sandbox failure: its message names virtual paths only, so it may go to the client. */
    static Reply failure(Call call, SandboxException e) {
        if (e.getCause() != null) {
            LOG.debug("AG010 {} on session {}: ERR {} {}", call.verb(), call.session().id(), e.code().name(),
                    e.getMessage(), e.getCause());
        } else {
            LOG.debug("AG010 {} on session {}: ERR {} {}", call.verb(), call.session().id(), e.code().name(),
                    e.getMessage());
        }
        return Reply.error(e.code(), e.getMessage());
    }

    /** Parses a non-negative decimal argument. */
    static long parseLong(String name, String value) throws SandboxException {
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw badNumber(name, value, e);
        }
        if (n < 0) {
            throw badNumber(name, value, null);
        }
        return n;
    }

    /** Parses a {@code mode=<octal>} argument (setuid, setgid and sticky bits dropped). */
    static int parseMode(String value) throws SandboxException {
        try {
            return FileMode.fromArgument(value);
        } catch (IllegalArgumentException e) {
            throw new SandboxException(ErrorCode.BAD_ARGS, "mode: " + printable(value)
                    + " (expected: mode= and 3 or 4 octal digits)", e);
        }
    }

    /** Parses the optional {@code mode=<octal>} argument at {@code index}; {@link FileMode#UNKNOWN} when absent. */
    static int optionalMode(Call call, int index) throws SandboxException {
        return call.args().size() > index ? parseMode(call.arg(index)) : FileMode.UNKNOWN;
    }

    private static SandboxException badNumber(String name, String value, Throwable cause) {
        return new SandboxException(ErrorCode.BAD_ARGS,
                name + ": " + printable(value) + " (expected: a decimal number >= 0)", cause);
    }

    private static String printable(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return ParleyText.oneLine(shown);
    }
}
