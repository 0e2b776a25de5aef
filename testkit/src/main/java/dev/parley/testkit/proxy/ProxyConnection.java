package dev.parley.testkit.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One client connection through a {@link FaultProxy} and its upstream connection, both on the same event loop: the
 * two {@link Flow}s between them, and which faults apply to this connection (decided once per fault, with its
 * probability) since when. Every method but {@link #faultsChanged()} and {@link #closeNow()} runs on the event loop.
 */
final class ProxyConnection {

    private static final Logger log = LoggerFactory.getLogger("parley.proxy");

    /** What one fault means for this connection. */
    static final class FaultState {
        final boolean applies;
        final long since;
        long bytes;
        ScheduledFuture<?> timer;

        FaultState(boolean applies, long since) {
            this.applies = applies;
            this.since = since;
        }
    }

    private final FaultProxy proxy;
    private final Channel client;
    private final Flow up;
    private final Flow down;
    private final Map<Fault, FaultState> states = new IdentityHashMap<>();
    private volatile Channel upstream;
    private int flowsDone;
    private boolean closing;

    ProxyConnection(FaultProxy proxy, Channel client, int maxHeldBytes) {
        this.proxy = proxy;
        this.client = client;
        this.up = new Flow(this, Direction.UP, maxHeldBytes);
        this.down = new Flow(this, Direction.DOWN, maxHeldBytes);
        client.pipeline().addLast("proxy", new SideHandler(this, up, down, true));
    }

    Channel client() {
        return client;
    }

    /** The client is connected: refuse it if a {@code down} fault applies, else connect upstream. */
    void start() {
        for (Fault f : proxy.snapshot()) {
            if (f.kind() == Fault.Kind.DOWN && stateOf(f).applies) {
                log.debug("{} refused: fault {}", client.remoteAddress(), f.name());
                client.close();
                return;
            }
        }
        refresh();
        Bootstrap b = new Bootstrap().group(client.eventLoop()).channel(NioSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, proxy.connectTimeoutMillis())
                .handler(new SideHandler(this, down, up, false));
        b.connect(proxy.upstream()).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                log.debug("{}: cannot connect upstream {}: {}", client.remoteAddress(), proxy.upstream(),
                        f.cause().toString());
                client.close();
                return;
            }
            upstream = f.channel();
            upstream.closeFuture().addListener(closed -> proxy.connectionClosed(this));
            if (!client.isActive()) {
                upstream.close();
                return;
            }
            up.connect(client, upstream);
            down.connect(upstream, client);
            up.updateAutoRead();
            down.updateAutoRead();
        });
    }

    /** Called from any thread when the proxy's faults changed: applies them from now on. */
    void faultsChanged() {
        if (!client.eventLoop().isShuttingDown()) {
            client.eventLoop().execute(this::refresh);
        }
    }

    private void refresh() {
        if (!client.isActive()) {
            return;
        }
        Set<Fault> current = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Fault f : proxy.snapshot()) {
            current.add(f);
            stateOf(f);
        }
        for (Iterator<Map.Entry<Fault, FaultState>> it = states.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Fault, FaultState> e = it.next();
            if (!current.contains(e.getKey())) {
                if (e.getValue().timer != null) {
                    e.getValue().timer.cancel(false);
                }
                it.remove();
            }
        }
        up.pump();
        down.pump();
    }

    FaultState stateOf(Fault f) {
        FaultState s = states.get(f);
        if (s == null) {
            boolean applies = f.probability() >= 1.0 || proxy.random().nextDouble() < f.probability();
            s = new FaultState(applies, nanoTime());
            states.put(f, s);
            if (applies && f.kind() == Fault.Kind.RESET) {
                s.timer = client.eventLoop().schedule(() -> reset(f), f.time().toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        return s;
    }

    /** Returns the faults that apply to this connection in the given way, in the order they were added. */
    List<Fault> active(Direction way) {
        List<Fault> result = new ArrayList<>();
        for (Fault f : proxy.snapshot()) {
            if (f.kind() != Fault.Kind.DOWN && f.direction().includes(way) && stateOf(f).applies) {
                result.add(f);
            }
        }
        return result;
    }

    /** Returns until when data going the given way is held: {@code Long.MAX_VALUE} forever, or a time. */
    long heldUntil(Direction way, long now) {
        long until = Long.MIN_VALUE;
        for (Fault f : active(way)) {
            if (f.kind() == Fault.Kind.STALL) {
                long end = f.time() == null ? Long.MAX_VALUE : stateOf(f).since + f.time().toNanos();
                until = Math.max(until, end);
            }
        }
        return until;
    }

    long slowCloseNanos(Direction way) {
        long nanos = 0;
        for (Fault f : active(way)) {
            if (f.kind() == Fault.Kind.SLOW_CLOSE) {
                nanos += f.time().toNanos();
            }
        }
        return nanos;
    }

    long delayWithJitter(Fault latency) {
        long jitter = latency.jitter().toNanos();
        long offset = jitter == 0 ? 0 : (long) ((proxy.random().nextDouble() * 2 - 1) * jitter);
        return Math.max(0, latency.time().toNanos() + offset);
    }

    int sliceSize(Fault slicer) {
        int variation = slicer.sizeVariation();
        int offset = variation == 0 ? 0 : proxy.random().nextInt(2 * variation + 1) - variation;
        return (int) slicer.amount() + offset;
    }

    long nanoTime() {
        return client.eventLoop().ticker().nanoTime();
    }

    private void reset(Fault f) {
        log.debug("{}: fault {} resets the connection", client.remoteAddress(), f.name());
        closing = true;
        Channel resetClient = f.direction().includes(Direction.DOWN) ? client : null;
        Channel resetUpstream = f.direction().includes(Direction.UP) ? upstream : null;
        up.abort();
        down.abort();
        for (Channel ch : new Channel[] {resetClient, resetUpstream}) {
            if (ch != null && ch.isActive()) {
                ch.config().setOption(ChannelOption.SO_LINGER, 0);
            }
        }
        client.close();
        if (upstream != null) {
            upstream.close();
        }
    }

    /** Whether both channels are closed (or the upstream never connected): nothing of this connection is left. */
    boolean isGone() {
        Channel u = upstream;
        return !client.isOpen() && (u == null || !u.isOpen());
    }

    /** A flow passed its end on: once both have, the connection closes after what it wrote is flushed. */
    void flowDone() {
        if (++flowsDone == 2) {
            closeBoth();
        }
    }

    /** Closes both sides once what was written to each is flushed. */
    void closeBoth() {
        if (closing) {
            return;
        }
        closing = true;
        up.abort();
        down.abort();
        for (Channel ch : new Channel[] {client, upstream}) {
            if (ch != null && ch.isActive()) {
                ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            } else if (ch != null) {
                ch.close();
            }
        }
    }

    /** Closes both sides at once, from any thread; returns the channels to wait for. */
    Set<Channel> closeNow() {
        try {
            client.eventLoop().execute(() -> {
                closing = true;
                up.abort();
                down.abort();
                client.close();
                if (upstream != null) {
                    upstream.close();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The loop has terminated: it closed the channels, and their handlers released what was held.
            return Set.of();
        }
        Set<Channel> channels = new HashSet<>();
        channels.add(client);
        Channel u = upstream;
        if (u != null) {
            channels.add(u);
        }
        return channels;
    }
}
