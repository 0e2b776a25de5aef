package dev.parley.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.EventLoop;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Sends the file body of one reply ({@link Reply.FileBody}) with all file work on the blocking executor: the open,
 * and under TLS every read of a chunk. The reply's line goes out once the file is open. Without TLS the open channel
 * becomes a zero-copy {@code FileRegion} ({@code sendfile} from the event loop, on an already-open file) and the queue
 * moves on at once; under TLS the chunks are read one at a time, each only while the connection is writable, and the
 * queue waits for the last one. Event-loop confined, except for the tasks it runs on the executor.
 */
final class FileTransfer {

    /** Bytes read per task under TLS. */
    static final int CHUNK = 64 * 1024;

    private enum State {
        WAITING, OPENING, SENDING, DONE
    }

    private final ReplyQueue queue;
    private final Reply reply;
    private final Reply.FileBody body;
    private final Executor executor;
    private final EventLoop loop;
    private final boolean tls;
    private State state = State.WAITING;
    /** Open between tasks under TLS; null once closed or handed to a region. */
    private FileChannel channel;
    /** Whether this transfer counts as one of the connection's open files. */
    private boolean counted;
    private boolean taskRunning;
    private boolean wantsWritable;
    private long position;
    private long remaining;
    private volatile boolean cancelled;

    FileTransfer(ReplyQueue queue, Reply reply, Executor executor, EventLoop loop, boolean tls) {
        this.queue = queue;
        this.reply = reply;
        this.body = reply.fileBody();
        this.executor = executor;
        this.loop = loop;
        this.tls = tls;
    }

    Reply.FileBody body() {
        return body;
    }

    boolean started() {
        return state != State.WAITING;
    }

    /** Loop: opens the file on the executor; from here the transfer counts as an open file of the connection. */
    void start() {
        state = State.OPENING;
        counted = true;
        taskRunning = true;
        submit(this::openTask);
    }

    private void openTask() {
        FileChannel ch = null;
        Throwable failure = null;
        try {
            if (!cancelled) {
                ch = body.source().open();
                if (ch == null) {
                    failure = new IOException("the file source opened nothing");
                } else if (ch.size() < body.offset() + body.length()) {
                    failure = new EOFException("file size: " + ch.size() + " (expected: >= "
                            + (body.offset() + body.length()) + ", the announced range)");
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
        FileChannel opened = ch;
        Throwable f = failure;
        backToLoop(() -> opened(opened, f), opened);
    }

    private void opened(FileChannel ch, Throwable failure) {
        taskRunning = false;
        channel = ch;
        if (cancelled) {
            release();
            return;
        }
        if (failure != null) {
            release();
            queue.fileUnavailable(this, failure);
            return;
        }
        position = body.offset();
        remaining = body.length();
        queue.writeFileLine(reply);
        if (!tls) {
            channel = null;
            state = State.DONE;
            queue.writeFileBody(new Region(ch, position, remaining));
            queue.fileSent(this);
        } else if (remaining == 0) {
            release();
            state = State.DONE;
            queue.fileSent(this);
        } else {
            state = State.SENDING;
            readNext();
        }
    }

    private void readNext() {
        int n = (int) Math.min(CHUNK, remaining);
        boolean last = n == remaining;
        ByteBuf buf = queue.alloc().buffer(n);
        FileChannel ch = channel;
        long at = position;
        taskRunning = true;
        if (!submit(() -> readTask(ch, buf, at, n, last))) {
            buf.release();
        }
    }

    private void readTask(FileChannel ch, ByteBuf buf, long at, int n, boolean last) {
        Throwable failure = null;
        boolean closed = false;
        try {
            while (!cancelled && buf.readableBytes() < n) {
                int r = buf.writeBytes(ch, at + buf.readableBytes(), n - buf.readableBytes());
                if (r < 0) {
                    throw new EOFException("the file ends at " + (at + buf.readableBytes()) + ", before "
                            + (body.offset() + body.length()) + " announced bytes");
                }
            }
            if (last) {
                closed = true;
                ch.close();
            }
        } catch (Throwable t) {
            failure = t;
        }
        if (failure != null && !closed) {
            closed = true;
            closeQuietly(ch);
        }
        boolean c = closed;
        Throwable f = failure;
        backToLoop(() -> chunkRead(buf, c, f), buf);
    }

    private void chunkRead(ByteBuf buf, boolean closed, Throwable failure) {
        taskRunning = false;
        if (closed) {
            channel = null;
        }
        if (cancelled || failure != null) {
            buf.release();
            release();
            if (!cancelled) {
                queue.fileFailed(this, failure);
            }
            return;
        }
        position += buf.readableBytes();
        remaining -= buf.readableBytes();
        queue.writeFileChunk(buf);
        if (remaining == 0) {
            release();
            state = State.DONE;
            queue.fileSent(this);
        } else if (queue.writable()) {
            readNext();
        } else {
            wantsWritable = true;
        }
    }

    /** Loop: the connection turned writable again; reads the next chunk if one waits for it. */
    void writable() {
        if (wantsWritable && state == State.SENDING && !cancelled) {
            wantsWritable = false;
            readNext();
        }
    }

    /** Loop: the connection is gone; the file is closed now or when the running task returns. */
    void cancel() {
        cancelled = true;
        if (!taskRunning) {
            release();
        }
    }

    /** Loop: closes the file (on the executor) if this transfer still holds it, and frees its open-file place. */
    private void release() {
        FileChannel ch = channel;
        channel = null;
        if (ch != null) {
            closeLater(ch);
        }
        if (counted) {
            counted = false;
            queue.fileClosed();
        }
    }

    /**
     * Hands a task to the executor; a full or stopped executor fails the transfer: before the line is out the request
     * is answered with an error, after it the connection closes.
     */
    private boolean submit(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            taskRunning = false;
            release();
            if (!cancelled) {
                if (state == State.OPENING) {
                    queue.fileUnavailable(this, e);
                } else {
                    queue.fileFailed(this, e);
                }
            }
            return false;
        }
    }

    /** Executor: continues on the loop; if the loop is gone, drops what the task produced. */
    private void backToLoop(Runnable next, Object produced) {
        try {
            loop.execute(next);
        } catch (RejectedExecutionException e) {
            if (produced instanceof ByteBuf) {
                ((ByteBuf) produced).release();
            } else if (produced instanceof FileChannel) {
                closeQuietly((FileChannel) produced);
            }
        }
    }

    private void closeLater(FileChannel ch) {
        try {
            executor.execute(() -> closeQuietly(ch));
        } catch (RejectedExecutionException e) {
            closeQuietly(ch);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            RunningServer.LOG.debug("PS032 closing a reply body's file failed: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return String.valueOf(body.source());
    }

    /** A zero-copy region that closes its file off the event loop and frees the connection's open-file place. */
    private final class Region extends DefaultFileRegion {
        private final FileChannel file;

        Region(FileChannel file, long position, long count) {
            super(file, position, count);
            this.file = file;
            counted = false;
        }

        @Override
        protected void deallocate() {
            closeLater(file);
            if (loop.inEventLoop()) {
                queue.fileClosed();
            } else {
                backToLoop(queue::fileClosed, null);
            }
        }
    }
}
