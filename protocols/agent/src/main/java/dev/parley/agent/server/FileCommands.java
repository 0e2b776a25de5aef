package dev.parley.agent.server;

import dev.parley.agent.fs.AgentFiles;
import dev.parley.agent.fs.FileMode;
import dev.parley.agent.fs.FileEntry;
import dev.parley.agent.fs.HashAlgorithm;
import dev.parley.agent.fs.SandboxException;
import dev.parley.codec.text.ErrorCode;
import dev.parley.codec.text.ParleyText;
import dev.parley.server.Call;
import dev.parley.server.Command;
import dev.parley.server.Reply;
import dev.parley.server.Router;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The agent's file commands: {@code cd}, {@code ls}, {@code stat}, {@code hash} (queries) and {@code mkdir},
 * {@code rm}, {@code mv} (actions). All of them touch the disk, so all are blocking: they run on the server's bounded
 * executor, never on an event loop.
 */
final class FileCommands {

    /** The flag of {@code rm} that removes a directory with its contents, accepted before or after the path. */
    static final String RECURSIVE = "-r";

    private final AgentFiles files;

    FileCommands(AgentFiles files) {
        this.files = files;
    }

    void register(Router.Builder b) {
        b.add(Command.query("cd").usage("<path>").description("change the session's working directory").blocking()
                .handler(AgentRouter.guarded((call, cwd) -> {
                    String dir = files.cd(cwd, call.arg(0));
                    call.session().attr(AgentRouter.CWD).set(dir);
                    return Reply.ok(dir);
                })));
        b.add(Command.query("ls").usage("[path]").description("list a directory: type size mtime name per line")
                .blocking().handler(AgentRouter.guarded((call, cwd) ->
                        listing(files.ls(cwd, call.args().isEmpty() ? "." : call.arg(0))))));
        b.add(Command.query("stat").usage("<path>").description("type size mtime [mode=<octal>] of one entry")
                .blocking().handler(AgentRouter.guarded((call, cwd) -> {
                    FileEntry e = files.stat(cwd, call.arg(0));
                    String type = String.valueOf(e.type().code());
                    if (e.mode() == FileMode.UNKNOWN) {
                        return Reply.ok(type, Long.toString(e.size()), Long.toString(e.mtimeMillis()));
                    }
                    return Reply.ok(type, Long.toString(e.size()), Long.toString(e.mtimeMillis()),
                            FileMode.argument(e.mode()));
                })));
        b.add(Command.query("hash").usage("<path> [sha256|md5]").description("digest of a file, in hex").blocking()
                .handler(AgentRouter.guarded((call, cwd) -> {
                    HashAlgorithm algorithm = HashAlgorithm.parse(call.args().size() > 1 ? call.arg(1) : null);
                    return Reply.ok(files.hash(cwd, call.arg(0), algorithm));
                })));
        b.add(Command.action("mkdir").usage("<path> [mode=<octal>]")
                .description("create a directory and its parents (idempotent); mode= for the directory named")
                .blocking().handler(AgentRouter.guarded((call, cwd) -> {
                    files.mkdir(cwd, call.arg(0), AgentRouter.optionalMode(call, 1));
                    return Reply.OK;
                })));
        b.add(Command.action("chmod").usage("<path> mode=<octal>")
                .description("set the permission bits of a file or directory, less the agent's mask (idempotent)")
                .blocking().handler(AgentRouter.guarded((call, cwd) -> {
                    int applied = files.chmod(cwd, call.arg(0), AgentRouter.parseMode(call.arg(1)));
                    return applied == FileMode.UNKNOWN ? Reply.OK : Reply.ok(FileMode.argument(applied));
                })));
        b.add(Command.action("rm").usage("<path> [-r]").description("remove; -r (before or after) for a tree")
                .arity(1, 2).blocking().handler(AgentRouter.guarded(this::rm)));
        b.add(Command.action("mv").usage("<from> <to>").description("move or rename").blocking()
                .handler(AgentRouter.guarded((call, cwd) -> {
                    files.mv(cwd, call.arg(0), call.arg(1));
                    return Reply.OK;
                })));
    }

    private Reply rm(Call call, String cwd) throws SandboxException {
        List<String> args = call.args();
        boolean recursive = false;
        String path;
        if (args.size() == 1) {
            path = args.get(0);
        } else if (RECURSIVE.equals(args.get(0))) {
            recursive = true;
            path = args.get(1);
        } else if (RECURSIVE.equals(args.get(1))) {
            recursive = true;
            path = args.get(0);
        } else {
            throw new SandboxException(ErrorCode.BAD_ARGS, "usage: rm <path> [-r] (or rm -r <path>)");
        }
        files.rm(cwd, path, recursive);
        return Reply.OK;
    }

    /** {@code OK {n}} and one line per entry: {@code <type> <size> <mtime> <name>}, the name quoted when needed. */
    static Reply listing(List<FileEntry> entries) {
        StringBuilder sb = new StringBuilder(entries.size() * 48);
        for (FileEntry e : entries) {
            sb.append(e.type().code()).append(' ').append(e.size()).append(' ').append(e.mtimeMillis()).append(' ')
                    .append(ParleyText.quote(e.name())).append('\n');
        }
        return Reply.okWithBody(Unpooled.wrappedBuffer(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
