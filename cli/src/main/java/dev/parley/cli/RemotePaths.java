package dev.parley.cli;

import dev.parley.client.ParleyClientException;
import dev.parley.client.Reply;
import dev.parley.client.Session;
import dev.parley.codec.text.MalformedLineException;
import dev.parley.codec.text.ParleyText;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.jline.reader.Candidate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Completion candidates for a remote path typed so far in {@code parley shell}: the names in the agent's {@code ls}
 * of the directory part, directories with a trailing {@code /}. A relative directory is listed by the agent against
 * the session's working directory. Listings are kept for a short time and dropped by {@link #forget()} (after each
 * command line, since it may have changed the files or the working directory); the caller waits at most a bounded
 * time for a listing, so a slow agent gives no candidates instead of a hung prompt. A listing that arrives later is
 * kept for the next TAB. Thread-safe.
 */
final class RemotePaths {

    /** Default longest wait for a listing: 500 ms. */
    static final Duration DEFAULT_WAIT = Duration.ofMillis(500);
    /** Default time a listing is reused: 2 s. */
    static final Duration DEFAULT_TTL = Duration.ofSeconds(2);

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("parley.cli");

    private final Session session;
    private final Duration wait;
    private final long ttlNanos;
    private final LongSupplier ticker;
    private final Map<String, Lookup> lookups = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    /** One listing asked for: its reply, when it was asked and in which generation of {@link #forget()}. */
    private record Lookup(CompletableFuture<List<Name>> names, long startedNanos, long generation) {
    }

    /** One entry of a listing. */
    private record Name(String name, boolean directory) {
    }

    private RemotePaths(Session session, Duration wait, Duration ttl, LongSupplier ticker) {
        this.session = session;
        this.wait = wait;
        this.ttlNanos = ttl.toNanos();
        this.ticker = ticker;
    }

    /**
     * Completes over a session with the default wait and cache time.
     *
     * @param session the shell's session
     * @return the completion source
     */
    static RemotePaths over(Session session) {
        return new RemotePaths(session, DEFAULT_WAIT, DEFAULT_TTL, System::nanoTime);
    }

    /**
     * Completes over a session with a chosen wait, cache time and clock.
     *
     * @param session the shell's session
     * @param wait the longest wait for a listing
     * @param ttl how long a listing is reused
     * @param ticker the clock, in nanoseconds
     * @return the completion source
     */
    static RemotePaths over(Session session, Duration wait, Duration ttl, LongSupplier ticker) {
        return new RemotePaths(session, wait, ttl, ticker);
    }

    /**
     * Returns the candidates for a path typed so far: each a full path as it would be typed ({@code /docs/} for
     * {@code /do}), a directory ending in {@code /} and left open for more, a file closed. Names starting with a dot
     * are offered only when the typed name does too.
     *
     * @param typed the word up to the cursor
     * @return the candidates; none if the agent does not answer in time or answers with an error
     */
    List<Candidate> candidates(String typed) {
        int slash = typed.lastIndexOf('/');
        String dir = typed.substring(0, slash + 1);
        String prefix = typed.substring(slash + 1);
        List<Name> names = await(listing(dir), dir);
        List<Candidate> out = new ArrayList<>();
        for (Name n : names) {
            if (!n.name().startsWith(prefix) || n.name().startsWith(".") && !prefix.startsWith(".")) {
                continue;
            }
            String shown = n.directory() ? n.name() + "/" : n.name();
            out.add(new Candidate(dir + shown, shown, null, null, null, null, !n.directory()));
        }
        return out;
    }

    /** Drops every listing kept, and any that is still on its way. */
    void forget() {
        generation.incrementAndGet();
        lookups.clear();
    }

    private List<Name> await(CompletableFuture<List<Name>> names, String dir) {
        try {
            return names.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.debug("CLI002 no listing of '{}' within {} ms: no candidates", dir, wait.toMillis());
        } catch (ExecutionException e) {
            LOG.debug("CLI003 listing of '{}' failed: {}", dir, e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.of();
    }

    private CompletableFuture<List<Name>> listing(String dir) {
        long now = ticker.getAsLong();
        long gen = generation.get();
        Lookup kept = lookups.get(dir);
        if (kept != null && kept.generation() == gen
                && (!kept.names().isDone() || now - kept.startedNanos() < ttlNanos)) {
            return kept.names();
        }
        CompletableFuture<List<Name>> names;
        try {
            List<String> args = dir.isEmpty() ? List.of() : List.of(dir);
            names = session.send(Main.agentRequest("ls", args)).thenApply(RemotePaths::parse);
        } catch (ParleyClientException e) {
            names = CompletableFuture.failedFuture(e);
        }
        Lookup lookup = new Lookup(names, now, gen);
        if (generation.get() == gen) {
            lookups.put(dir, lookup);
        }
        return names;
    }

    /** Reads {@code <type> <size> <mtime> <name>} lines; a line that does not fit is left out. */
    private static List<Name> parse(Reply reply) {
        List<Name> names = new ArrayList<>();
        for (String line : reply.bodyAsString().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            ByteBuf buf = Unpooled.copiedBuffer(line, StandardCharsets.UTF_8);
            try {
                List<String> words = ParleyText.tokenize(buf);
                if (words.size() == 4) {
                    names.add(new Name(words.get(3), "d".equals(words.get(0))));
                }
            } catch (MalformedLineException e) {
                LOG.debug("CLI004 listing line left out of completion: {}", e.getMessage());
            } finally {
                buf.release();
            }
        }
        return names;
    }
}
