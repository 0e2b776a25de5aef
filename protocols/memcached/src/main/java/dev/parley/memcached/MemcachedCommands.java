package dev.parley.memcached;

import dev.parley.memcached.codec.MemcachedReply;
import dev.parley.memcached.store.DeleteResult;
import dev.parley.memcached.store.DeltaResult;
import dev.parley.memcached.store.Item;
import dev.parley.memcached.store.ItemStore;
import dev.parley.memcached.store.KeyPolicy;
import dev.parley.memcached.store.TouchResult;
import dev.parley.server.Call;
import dev.parley.server.Command;
import dev.parley.server.Handler;
import dev.parley.server.Reply;
import dev.parley.server.Router;

import java.util.List;

/**
 * The memcached commands as a Parley {@link Router}: every verb takes any number of arguments (memcached checks them
 * itself and answers in its own words), storage commands aggregate their data block, and every handler runs on the
 * event loop, since store operations are short and never block. No Parley built-ins.
 */
final class MemcachedCommands {

    private static final MemcachedReply VERSION = MemcachedReply.line("VERSION " + MemcachedServer.VERSION);

    private final ItemStore store;
    private final KeyPolicy keyPolicy;
    private final StorageCommands storage;
    private final StatsCommand stats;
    private final MetaCommands meta;

    private MemcachedCommands(ItemStore store, ServerStats serverStats) {
        this.store = store;
        this.keyPolicy = store.options().keyPolicy();
        this.storage = new StorageCommands(store);
        this.stats = new StatsCommand(store, serverStats);
        this.meta = new MetaCommands(store);
    }

    /**
     * Returns the router serving a store.
     *
     * @param store the items
     * @param serverStats connection counts and settings for {@code stats}
     * @param maxItemSize the largest data block aggregated
     * @return the router, without Parley built-ins
     */
    static Router router(ItemStore store, ServerStats serverStats, int maxItemSize) {
        MemcachedCommands c = new MemcachedCommands(store, serverStats);
        Router.Builder b = Router.builder().noBuiltins();
        for (StorageCommands.Mode mode : StorageCommands.Mode.values()) {
            String verb = mode.name().toLowerCase(java.util.Locale.ROOT);
            b.add(Command.action(verb).arity(0, Integer.MAX_VALUE).aggregateBody(maxItemSize)
                    .handler(call -> c.storage.handle(mode, call)));
        }
        return b.add(query("get", call -> c.get(call, false)))
                .add(query("gets", call -> c.get(call, true)))
                .add(action("gat", call -> c.getAndTouch(call, false)))
                .add(action("gats", call -> c.getAndTouch(call, true)))
                .add(action("touch", c::touch))
                .add(action("delete", c::delete))
                .add(action("incr", call -> c.delta(call, true)))
                .add(action("decr", call -> c.delta(call, false)))
                .add(action("flush_all", c::flushAll))
                .add(query("version", call -> Replies.line(VERSION)))
                .add(action("verbosity", MemcachedCommands::verbosity))
                .add(query("stats", c.stats::handle))
                .add(Command.action("ms").arity(0, Integer.MAX_VALUE).aggregateBody(maxItemSize).handler(c.meta::set))
                .add(action("mg", c.meta::get)).add(action("md", c.meta::delete))
                .add(action("ma", c.meta::arithmetic)).add(query("mn", c.meta::noop)).add(query("me", c.meta::debug))
                .add(action("quit", call -> Reply.closing(null)))
                .build();
    }

    private static Command query(String verb, Handler handler) {
        return Command.query(verb).arity(0, Integer.MAX_VALUE).handler(handler);
    }

    private static Command action(String verb, Handler handler) {
        return Command.action(verb).arity(0, Integer.MAX_VALUE).handler(handler);
    }

    private Reply get(Call call, boolean withCas) {
        List<String> keys = call.args();
        int n = keys.size();
        if (n == 0) {
            return Replies.line(Replies.ERROR);
        }
        if (n == 1) {
            // The store checks the key against the same policy: one pass over the key instead of two on the
            // hottest path, and an invalid key (rare) costs the exception.
            Item item;
            try {
                item = store.get(keys.get(0));
            } catch (IllegalArgumentException invalidKey) {
                return Replies.line(Replies.BAD_FORMAT);
            }
            return Replies.values(item, withCas);
        }
        for (int i = 0; i < n; i++) {
            if (!keyPolicy.isValid(keys.get(i))) {
                return Replies.line(Replies.BAD_FORMAT);
            }
        }
        return values(store.get(keys), withCas);
    }

    private Reply getAndTouch(Call call, boolean withCas) {
        List<String> args = call.args();
        if (args.isEmpty()) {
            return Replies.line(Replies.ERROR);
        }
        long exptime = Numbers.int32(args.get(0));
        if (exptime == Numbers.INVALID) {
            return Replies.line(Replies.BAD_EXPTIME);
        }
        List<String> keys = args.subList(1, args.size());
        for (int i = 0; i < keys.size(); i++) {
            if (!keyPolicy.isValid(keys.get(i))) {
                return Replies.line(Replies.BAD_FORMAT);
            }
        }
        return values(store.getAndTouch(exptime, keys), withCas);
    }

    private static Reply values(List<Item> items, boolean withCas) {
        return Replies.values(items, withCas);
    }

    /** {@code touch <key> <exptime> [noreply]}; memcached ignores one extra token that is not {@code noreply}. */
    private Reply touch(Call call) {
        List<String> args = call.args();
        if (args.size() < 2 || args.size() > 3) {
            return Replies.line(Replies.ERROR);
        }
        boolean noreply = noreply(args);
        if (!keyPolicy.isValid(args.get(0))) {
            return Replies.line(Replies.BAD_FORMAT, noreply);
        }
        long exptime = Numbers.int32(args.get(1));
        if (exptime == Numbers.INVALID) {
            return Replies.line(Replies.BAD_EXPTIME, noreply);
        }
        TouchResult r = store.touch(args.get(0), exptime);
        return Replies.line(r == TouchResult.TOUCHED ? Replies.TOUCHED : Replies.NOT_FOUND, noreply);
    }

    /** {@code delete <key> [0] [noreply]}: memcached accepts a legacy hold time of 0 only. */
    private Reply delete(Call call) {
        List<String> args = call.args();
        int n = args.size();
        if (n == 0 || n > 3) {
            return Replies.line(Replies.ERROR);
        }
        // memcached looks for noreply only when there is more than the key: "delete noreply" deletes "noreply".
        boolean noreply = n > 1 && noreply(args);
        if (n > 1) {
            boolean holdIsZero = "0".equals(args.get(1));
            boolean valid = n == 2 ? holdIsZero || noreply : holdIsZero && noreply;
            if (!valid) {
                return Replies.line(Replies.BAD_DELETE, noreply);
            }
        }
        if (!keyPolicy.isValid(args.get(0))) {
            return Replies.line(Replies.BAD_FORMAT, noreply);
        }
        DeleteResult r = store.delete(args.get(0));
        return Replies.line(r == DeleteResult.DELETED ? Replies.DELETED : Replies.NOT_FOUND, noreply);
    }

    /** {@code incr|decr <key> <delta> [noreply]}; memcached ignores one extra token that is not {@code noreply}. */
    private Reply delta(Call call, boolean increment) {
        List<String> args = call.args();
        if (args.size() < 2 || args.size() > 3) {
            return Replies.line(Replies.ERROR);
        }
        boolean noreply = noreply(args);
        String key = args.get(0);
        if (!keyPolicy.isValid(key)) {
            return Replies.line(Replies.BAD_FORMAT, noreply);
        }
        if (!Numbers.isUint64(args.get(1))) {
            return Replies.line(Replies.BAD_DELTA, noreply);
        }
        long delta = Numbers.uint64(args.get(1));
        DeltaResult r = increment ? store.incr(key, delta) : store.decr(key, delta);
        switch (r.status()) {
            case UPDATED:
                return noreply ? Reply.none() : Replies.number(r.value());
            case NOT_FOUND:
                return Replies.line(Replies.NOT_FOUND, noreply);
            case NON_NUMERIC:
                return Replies.line(Replies.NON_NUMERIC, noreply);
            default:
                return Replies.line(Replies.OUT_OF_MEMORY, noreply);
        }
    }

    /** {@code flush_all [delay] [noreply]}; memcached ignores one extra token that is not {@code noreply}. */
    private Reply flushAll(Call call) {
        List<String> args = call.args();
        int n = args.size();
        if (n > 2) {
            return Replies.line(Replies.ERROR);
        }
        boolean noreply = n > 0 && noreply(args);
        if (n == (noreply ? 1 : 0)) {
            store.flushAll();
        } else {
            long delay = Numbers.int32(args.get(0));
            if (delay == Numbers.INVALID) {
                return Replies.line(Replies.BAD_EXPTIME, noreply);
            }
            store.flushAll(delay);
        }
        return Replies.line(Replies.OK, noreply);
    }

    /**
     * {@code verbosity <level> [noreply]}: accepted and ignored, as this server has no log level of memcached's.
     * As memcached, the level must be an unsigned 64-bit number and one extra token that is not {@code noreply} is
     * ignored.
     */
    private static Reply verbosity(Call call) {
        List<String> args = call.args();
        if (args.isEmpty() || args.size() > 2) {
            return Replies.line(Replies.ERROR);
        }
        boolean noreply = noreply(args);
        return Replies.line(Numbers.isUint64(args.get(0)) ? Replies.OK : Replies.BAD_FORMAT, noreply);
    }

    /**
     * memcached's rule ({@code set_noreply_maybe}): {@code noreply} is the last token, and once a command has seen it
     * every answer it gives is silenced, errors included.
     */
    private static boolean noreply(List<String> args) {
        return !args.isEmpty() && "noreply".equals(args.get(args.size() - 1));
    }
}
