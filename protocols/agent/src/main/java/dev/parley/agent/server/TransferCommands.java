package dev.parley.agent.server;

import dev.parley.agent.fs.AgentFiles;
import dev.parley.agent.fs.PushResult;
import dev.parley.agent.fs.PushWriter;
import dev.parley.agent.fs.ReadRegion;
import dev.parley.agent.fs.SandboxException;
import dev.parley.codec.text.ParleyReply;
import dev.parley.server.BodySink;
import dev.parley.server.Call;
import dev.parley.server.Command;
import dev.parley.server.Reply;
import dev.parley.server.Router;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultFileRegion;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * File transfer: {@code pull <path> [offset [length]]} answers {@code OK {n}} and the bytes straight from disk
 * (a zero-copy {@code FileRegion} on the file opened and checked by the sandbox; chunked under TLS), and
 * {@code push <path> {n}} streams the body into a {@link PushWriter}: a temporary file next to the target, forced to
 * disk and renamed over the target only when every byte arrived. An upload that is cut off leaves no file at the
 * target. Both run on the blocking executor; the server stops reading the socket while the disk falls behind.
 */
final class TransferCommands {

    private final AgentFiles files;
    private final boolean tls;

    TransferCommands(AgentFiles files, boolean tls) {
        this.files = files;
        this.tls = tls;
    }

    void register(Router.Builder b) {
        b.add(Command.query("pull").usage("<path> [offset] [length]")
                .description("download a file, or length bytes from offset").blocking()
                .handler(AgentRouter.guarded(this::pull)));
        b.add(Command.action("push").usage("<path>").description("upload {n} bytes, stored atomically (idempotent)")
                .streaming(this::push));
    }

    private Reply pull(Call call, String cwd) throws SandboxException {
        long offset = call.args().size() > 1 ? AgentRouter.parseLong("offset", call.arg(1)) : 0;
        long length = call.args().size() > 2 ? AgentRouter.parseLong("length", call.arg(2)) : -1;
        ReadRegion region = files.openRead(cwd, call.arg(0), offset, length);
        if (!tls && region.count() > 0) {
            // The region owns the channel from here: the server closes it once written or dropped.
            return Reply.withBody(ParleyReply.okWithBody(region.count()),
                    new DefaultFileRegion(region.channel(), region.position(), region.count()));
        }
        close(region);
        if (region.count() == 0) {
            return Reply.okWithBody(Unpooled.EMPTY_BUFFER);
        }
        // TLS cannot send a FileRegion: the server reads the file in chunks when it writes the reply.
        return Reply.okWithFile(files.sandbox().resolve(cwd, call.arg(0)).hostPath().toFile(), region.position(),
                region.count());
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
                    call.request().bodyLength());
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
        public void write(ByteBuf chunk) {
            if (failure != null || !chunk.isReadable()) {
                return;
            }
            try {
                for (ByteBuffer buffer : chunk.nioBuffers()) {
                    writer.write(buffer);
                }
            } catch (SandboxException e) {
                failure = e;
            }
        }

        @Override
        public Reply finish() {
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
        public void abort(Throwable cause) {
            if (writer != null) {
                AgentRouter.LOG.debug("AG020 push {} on session {} cut off after {} bytes: {}",
                        writer.virtualPath(), call.session().id(), writer.written(), cause.toString());
                writer.abort();
            }
        }
    }
}
