package dev.parley.agent.server;

import dev.parley.agent.fs.AgentFiles;
import dev.parley.agent.fs.FileMode;
import dev.parley.agent.fs.PushResult;
import dev.parley.agent.fs.PushWriter;
import dev.parley.agent.fs.ReadRegion;
import dev.parley.agent.fs.SandboxException;
import dev.parley.server.BodySink;
import dev.parley.server.Call;
import dev.parley.server.Command;
import dev.parley.server.FileSource;
import dev.parley.server.Reply;
import dev.parley.server.Router;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * File transfer: {@code pull <path> [offset [length]]} answers {@code OK {n}} and the bytes straight from disk, and
 * {@code push <path> {n}} streams the body into a {@link PushWriter}: a temporary file next to the target, forced to
 * disk and renamed over the target only when every byte arrived. An upload that is cut off leaves no file at the
 * target. Both run on the blocking executor; the server stops reading the socket while the disk falls behind.
 *
 * <p>A pull checks the path and range when it runs (through the sandbox, which opens the file and closes it again)
 * and answers with a {@link FileSource}: the server opens the file a second time, through the sandbox again, only when
 * the reply is about to be written, so a client that pipelines pulls without reading holds no file open for them.
 * Without TLS the bytes go zero-copy from that channel; under TLS the server reads them in chunks on its blocking
 * executor. If the file no longer holds the announced range by then, the server closes the connection.
 */
final class TransferCommands {

    private final AgentFiles files;

    TransferCommands(AgentFiles files) {
        this.files = files;
    }

    void register(Router.Builder b) {
        b.add(Command.query("pull").usage("<path> [offset] [length]")
                .description("download a file, or length bytes from offset").blocking()
                .handler(AgentRouter.guarded(this::pull)));
        b.add(Command.action("push").usage("<path> [mode=<octal>]")
                .description("upload {n} bytes, stored atomically (idempotent); mode= for the file's permissions")
                .streaming(this::push));
    }

    private Reply pull(Call call, String cwd) throws SandboxException {
        long offset = call.args().size() > 1 ? AgentRouter.parseLong("offset", call.arg(1)) : 0;
        long length = call.args().size() > 2 ? AgentRouter.parseLong("length", call.arg(2)) : -1;
        ReadRegion region = files.openRead(cwd, call.arg(0), offset, length);
        close(region);
        String[] args = region.mode() == FileMode.UNKNOWN ? new String[0]
                : new String[] {FileMode.argument(region.mode())};
        if (region.count() == 0) {
            return Reply.okWithBody(Unpooled.EMPTY_BUFFER, args);
        }
        return Reply.okWithFile(new PullSource(files, cwd, call.arg(0), region.position(), region.count()),
                region.position(), region.count(), args);
    }

    /**
     * Opens a pulled file again, through the sandbox, when the server writes its reply (on the blocking executor).
     * Whatever the sandbox refuses now (the path swapped for a link leading out, the file gone) is answered with its
     * error in place of the body; a file that no longer holds the checked range is answered {@code ERR FAILED}.
     */
    private record PullSource(AgentFiles files, String cwd, String path, long position, long count)
            implements FileSource {
        @Override
        public FileChannel open() throws IOException {
            ReadRegion region;
            try {
                region = files.openRead(cwd, path, position, count);
            } catch (SandboxException e) {
                // What changed since the request was checked (a link swapped in, the file removed): its error.
                throw new FileSource.Refused(e.code(), e.getMessage(), e);
            }
            if (region.position() != position || region.count() != count) {
                region.close();
                throw new IOException("pull " + path + ": range " + region.position() + "+" + region.count()
                        + " (expected: " + position + "+" + count + ", as announced)");
            }
            return region.channel();
        }

        @Override
        public String toString() {
            return "pull " + path;
        }
    }

    private static void close(ReadRegion region) throws SandboxException {
        try {
            region.close();
        } catch (IOException e) {
            throw new SandboxException(dev.parley.codec.text.ErrorCode.FAILED,
                    "pull " + region.virtualPath() + ": cannot close the file", e);
        }
    }

    private BodySink push(Call call) {
        try {
            PushWriter writer = files.beginPush(AgentRouter.cwd(call.session()), call.arg(0),
                    call.request().bodyLength(), AgentRouter.optionalMode(call, 1));
            return new PushSink(call, writer);
        } catch (SandboxException e) {
            return new PushSink(call, e);
        }
    }

    /** Feeds one upload's chunks to its writer; a refused or failed upload discards the rest and answers the error. */
    private static final class PushSink implements BodySink {
        private final Call call;
        private final PushWriter writer;
        private SandboxException failure;

        PushSink(Call call, PushWriter writer) {
            this.call = call;
            this.writer = writer;
        }

        PushSink(Call call, SandboxException refused) {
            this.call = call;
            this.writer = null;
            this.failure = refused;
        }

        @Override
        public void onChunk(ByteBuf chunk) {
            if (failure != null || !chunk.isReadable()) {
                return;
            }
            try {
                writer.write(chunk);
            } catch (SandboxException e) {
                failure = e;
            }
        }

        @Override
        public Reply onComplete() {
            if (failure == null) {
                try {
                    PushResult result = writer.commit();
                    return Reply.ok(result.sha256(), Long.toString(result.length()));
                } catch (SandboxException e) {
                    failure = e;
                }
            }
            return AgentRouter.failure(call, failure);
        }

        @Override
        public void onError(Throwable cause) {
            if (writer != null) {
                AgentRouter.LOG.debug("AG020 push {} on session {} cut off after {} bytes: {}",
                        writer.virtualPath(), call.session().id(), writer.written(), cause.toString());
                writer.abort();
            }
        }
    }
}
