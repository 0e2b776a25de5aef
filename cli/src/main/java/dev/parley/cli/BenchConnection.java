package dev.parley.cli;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One connection of {@code parley bench}: a closed loop that keeps {@link BenchPlan#depth()} request lines
 * outstanding and sends the next one for each reply line it reads. Replies are matched to requests in order (one
 * line per request); the latency of a request runs from the read batch in which it was written to the read batch in
 * which its reply line arrived. Only replies that arrive inside the measured window are counted and recorded;
 * failures (lines other than the expected prefix, timeouts, a closed connection) are counted over the whole run.
 *
 * <p>All state is touched on the channel's event loop only; {@link #begin()} and {@link #finish()} run there too.
 */
final class BenchConnection extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger("parley.bench");
    private static final int HEAD_BYTES = 80;
    private static final byte[] GREETING = BenchPlan.GREETING_PREFIX.getBytes(StandardCharsets.US_ASCII);

    private final BenchPlan plan;
    private final BenchWindow window;
    private final byte[] request;
    private final byte[] expect;
    private final long timeoutNanos;
    private final Histogram histogram = new Histogram(3);
    private final long[] sentAt;
    private final byte[] head = new byte[HEAD_BYTES];

    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timeoutCheck;
    private int headLen;
    private int oldest;
    private int outstanding;
    private int toSend;
    private boolean greetingPending;
    private boolean sending;
    private boolean finished;
    private boolean timedOut;
    private long ops;
    private long unexpected;
    private long timeouts;
    private long closed;
    private String firstReply;
    private String firstUnexpected;

    BenchConnection(BenchPlan plan, BenchWindow window) {
        this.plan = plan;
        this.window = window;
        this.request = plan.requestBytes();
        this.expect = plan.expectBytes();
        this.timeoutNanos = plan.timeout().toNanos();
        this.sentAt = new long[plan.depth()];
        this.greetingPending = plan.skipGreeting();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(timeoutNanos / 4,
                TimeUnit.MILLISECONDS.toNanos(100)));
        timeoutCheck = ctx.executor().scheduleAtFixedRate(this::checkTimeout, period, period, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        timeoutCheck.cancel(false);
    }

    /** Starts the loop: writes the first {@code depth} requests. Runs on the event loop. */
    void begin() {
        if (finished || !ctx.channel().isActive()) {
            return;
        }
        sending = true;
        long now = System.nanoTime();
        for (int i = 0; i < plan.depth(); i++) {
            queueSend(now);
        }
        flushSends();
    }

    /**
     * Stops counting and sending. Runs on the event loop.
     *
     * @return what this connection measured
     */
    Tally finish() {
        finished = true;
        sending = false;
        timeoutCheck.cancel(false);
        return new Tally(histogram.copy(), ops, unexpected, timeouts, closed, firstReply, firstUnexpected);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            long now = System.nanoTime();
            int i = buf.readerIndex();
            int end = buf.writerIndex();
            while (i < end) {
                int lf = buf.indexOf(i, end, (byte) '\n');
                int stop = lf < 0 ? end : lf;
                int n = Math.min(HEAD_BYTES - headLen, stop - i);
                if (n > 0) {
                    buf.getBytes(i, head, headLen, n);
                    headLen += n;
                }
                if (lf < 0) {
                    break;
                }
                onLine(now);
                headLen = 0;
                i = lf + 1;
            }
        } finally {
            buf.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushSends();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timeoutCheck.cancel(false);
        if (!finished && !timedOut) {
            closed++;
            LOG.info("PB001 {} closed by the peer with {} requests unanswered", ctx.channel().remoteAddress(),
                    outstanding);
        }
        window.connectionEnded();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.info("PB002 {}: {}: {}", ctx.channel().remoteAddress(), cause.getClass().getSimpleName(),
                cause.getMessage());
        ctx.close();
    }

    private void onLine(long now) {
        if (finished) {
            return;
        }
        if (greetingPending) {
            greetingPending = false;
            if (startsWith(GREETING)) {
                return;
            }
        }
        if (outstanding == 0) {
            countUnexpected();
            return;
        }
        long sent = sentAt[oldest];
        oldest = (oldest + 1) % sentAt.length;
        outstanding--;
        if (firstReply == null) {
            firstReply = headText();
        }
        if (expect != null && !startsWith(expect)) {
            countUnexpected();
        } else if (now - window.start() >= 0 && now - window.end() < 0) {
            ops++;
            histogram.recordValue(Math.max(1, now - sent));
        }
        if (sending && now - window.end() < 0) {
            queueSend(now);
        } else {
            sending = false;
        }
    }

    private void countUnexpected() {
        unexpected++;
        if (LOG.isDebugEnabled()) {
            LOG.debug("PB004 {}: unexpected line: {}", ctx.channel().remoteAddress(), headText());
        }
        if (firstUnexpected == null) {
            firstUnexpected = headText();
        }
    }

    private void queueSend(long now) {
        sentAt[(oldest + outstanding) % sentAt.length] = now;
        outstanding++;
        toSend++;
    }

    private void flushSends() {
        if (toSend == 0) {
            return;
        }
        ByteBuf out = ctx.alloc().directBuffer(toSend * request.length);
        for (int i = 0; i < toSend; i++) {
            out.writeBytes(request);
        }
        toSend = 0;
        ctx.writeAndFlush(out, ctx.voidPromise());
    }

    private void checkTimeout() {
        if (finished || outstanding == 0 || System.nanoTime() - sentAt[oldest] < timeoutNanos) {
            return;
        }
        timeouts += outstanding;
        timedOut = true;
        LOG.info("PB003 {}: no reply within {} ms; {} requests counted as timed out, connection closed",
                ctx.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(timeoutNanos), outstanding);
        outstanding = 0;
        sending = false;
        ctx.close();
    }

    private boolean startsWith(byte[] prefix) {
        if (headLen < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (head[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private String headText() {
        int n = headLen;
        if (n > 0 && head[n - 1] == '\r') {
            n--;
        }
        return new String(head, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * What one connection measured.
     *
     * @param histogram latencies in nanoseconds of the replies counted
     * @param ops replies counted (expected, inside the measured window)
     * @param unexpected reply lines that did not start with the expected prefix, or that came unasked
     * @param timeouts requests left unanswered beyond the timeout
     * @param closed 1 if the peer closed the connection (or it failed) before the end
     * @param firstReply the first reply line, or {@code null} if none came
     * @param firstUnexpected the first unexpected line, or {@code null} if none came
     */
    record Tally(Histogram histogram, long ops, long unexpected, long timeouts, long closed, String firstReply,
                 String firstUnexpected) {
    }
}
