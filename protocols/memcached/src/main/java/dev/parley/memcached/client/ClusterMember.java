package dev.parley.memcached.client;

import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyClientException;
import dev.parley.client.RemoteErrorException;
import dev.parley.client.Request;
import dev.parley.client.SessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * One server of a {@link MemcachedCluster}: its current {@link MemcachedClient} and whether it is in the ring. It
 * goes out when its connection is lost, a connect attempt fails, or {@code failureLimit} calls fail in a row (then a
 * new connection is opened, since the old one may look healthy while answering nothing); it comes back when a
 * connection of its current client is ready. Each client is a generation: events of replaced ones are ignored.
 */
final class ClusterMember {

    private static final Logger LOG = LoggerFactory.getLogger("parley.memcached.cluster");

    /** The client in use and its generation, read together. */
    private record Handle(MemcachedClient client, int generation) {
    }

    private final InetSocketAddress address;
    private final ParleyClient parley;
    private final ClientOptions options;
    private final int failureLimit;
    private final Runnable membershipChanged;

    private volatile Handle handle;
    private volatile boolean live = true;
    private int generation = 1;
    private int failures;
    private boolean closed;

    ClusterMember(InetSocketAddress address, ParleyClient parley, MemcachedClusterOptions options,
                  Runnable membershipChanged) {
        this.address = address;
        this.parley = parley;
        this.options = options.clientOptions();
        this.failureLimit = options.failureLimit();
        this.membershipChanged = membershipChanged;
        this.handle = new Handle(open(1), 1);
    }

    InetSocketAddress address() {
        return address;
    }

    boolean isLive() {
        return live;
    }

    MemcachedClient client() {
        return handle.client();
    }

    /** Runs a call on the current client and counts its outcome towards this server's failures. */
    <T> CompletableFuture<T> call(Function<MemcachedClient, CompletableFuture<T>> command) {
        Handle h = handle;
        return command.apply(h.client()).whenComplete((v, err) -> {
            if (err == null) {
                succeeded(h.generation());
            } else if (countsAsFailure(err)) {
                failed(h.generation(), err);
            }
        });
    }

    void close() {
        Handle h;
        synchronized (this) {
            closed = true;
            h = handle;
        }
        h.client().close();
    }

    private static boolean countsAsFailure(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        return !(t instanceof RemoteErrorException) && !(t instanceof IllegalArgumentException);
    }

    private MemcachedClient open(int generation) {
        SessionListener user = options.listener();
        SessionListener mine = new SessionListener() {
            @Override
            public void onConnected(SocketAddress remote, int connectionNumber) {
                try {
                    user.onConnected(remote, connectionNumber);
                } finally {
                    connected(generation);
                }
            }

            @Override
            public void onDisconnected(ParleyClientException cause) {
                try {
                    user.onDisconnected(cause);
                } finally {
                    down(generation, "connection lost: " + cause.getMessage());
                }
            }

            @Override
            public void onReconnectScheduled(int attempt, Duration pause, Throwable cause) {
                try {
                    user.onReconnectScheduled(attempt, pause, cause);
                } finally {
                    down(generation, "connect failed: " + cause.getMessage());
                }
            }

            @Override
            public void onRetryScheduled(Request request, int attempt, Duration pause, ParleyClientException cause) {
                user.onRetryScheduled(request, attempt, pause, cause);
            }
        };
        return MemcachedClient.connect(parley, address, options.toBuilder().listener(mine).build());
    }

    private void connected(int generation) {
        synchronized (this) {
            if (closed || generation != this.generation) {
                return;
            }
            failures = 0;
            if (live) {
                return;
            }
            live = true;
        }
        LOG.info("M200 {} is back in the ring", address);
        membershipChanged.run();
    }

    private void down(int generation, String why) {
        synchronized (this) {
            if (closed || generation != this.generation || !live) {
                return;
            }
            live = false;
            failures = 0;
        }
        LOG.warn("M201 {} is out of the ring: {}", address, why);
        membershipChanged.run();
    }

    private void succeeded(int generation) {
        synchronized (this) {
            if (generation == this.generation) {
                failures = 0;
            }
        }
    }

    private void failed(int generation, Throwable err) {
        MemcachedClient replaced = null;
        synchronized (this) {
            if (closed || generation != this.generation || !live || ++failures < failureLimit) {
                return;
            }
            live = false;
            failures = 0;
            replaced = handle.client();
            // The connection may look open while the server answers nothing: start over with a new one. The new
            // generation is current before its session exists, so none of its events can be missed.
            this.generation = generation + 1;
            handle = new Handle(open(generation + 1), generation + 1);
        }
        LOG.warn("M202 {} is out of the ring after {} failed calls in a row, reconnecting: {}", address,
                failureLimit, err.toString());
        replaced.close();
        membershipChanged.run();
    }
}
