package dev.parley.memcached;

import dev.parley.memcached.codec.MemcachedReply;
import dev.parley.memcached.codec.MemcachedRequest;
import dev.parley.memcached.store.ItemStore;
import dev.parley.memcached.store.KeyPolicy;
import dev.parley.memcached.store.StoreResult;
import dev.parley.server.Call;
import dev.parley.server.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.util.List;

/**
 * {@code set add replace append prepend cas}: validates the command line as memcached does, copies the aggregated
 * data block into the store and answers {@code STORED NOT_STORED EXISTS NOT_FOUND} or an error, unless
 * {@code noreply}.
 */
final class StorageCommands {

    /** Which storage command. */
    enum Mode {
        SET, ADD, REPLACE, APPEND, PREPEND, CAS
    }

    private final ItemStore store;
    private final KeyPolicy keyPolicy;

    StorageCommands(ItemStore store) {
        this.store = store;
        this.keyPolicy = store.options().keyPolicy();
    }

    Reply handle(Mode mode, Call call) {
        List<String> args = call.args();
        ByteBuf body = call.body();
        int required = mode == Mode.CAS ? 5 : 4;
        if (args.size() < required || args.size() > required + 1) {
            // As memcached: a line with too few or too many tokens is an unknown command. Its data, if the framing
            // found a count, has been read as the body and is dropped with it.
            return Replies.line(Replies.ERROR);
        }
        // As memcached: noreply is the last token, whatever the count, and silences every answer from here on.
        boolean noreply = "noreply".equals(args.get(args.size() - 1));
        String key = args.get(0);
        long flags = Numbers.flags(args.get(1));
        long exptime = Numbers.int32(args.get(2));
        boolean casValid = mode != Mode.CAS || Numbers.isUint64(args.get(4));
        boolean skipped = call.request() instanceof MemcachedRequest
                && ((MemcachedRequest) call.request()).bodySkipped();
        if (skipped && keyPolicy.isValid(key) && flags != Numbers.INVALID && exptime != Numbers.INVALID && casValid) {
            // As memcached: the data was too large and has been skipped; a set also drops the old value, so a
            // client never reads back a value it has just failed to replace.
            if (mode == Mode.SET) {
                store.delete(key);
            }
            return Replies.line(Replies.TOO_LARGE, noreply);
        }
        if (body == null || !keyPolicy.isValid(key) || flags == Numbers.INVALID || exptime == Numbers.INVALID
                || !casValid) {
            // The framing announced the data by its count alone, so the data was read and is dropped here.
            return Replies.line(Replies.BAD_FORMAT, noreply);
        }
        byte[] value = ByteBufUtil.getBytes(body);
        StoreResult result = store(mode, key, (int) flags, exptime, value, args);
        return Replies.line(reply(result), noreply);
    }

    private StoreResult store(Mode mode, String key, int flags, long exptime, byte[] value, List<String> args) {
        switch (mode) {
            case SET:
                return store.set(key, flags, exptime, value);
            case ADD:
                return store.add(key, flags, exptime, value);
            case REPLACE:
                return store.replace(key, flags, exptime, value);
            case APPEND:
                return store.append(key, value);
            case PREPEND:
                return store.prepend(key, value);
            case CAS:
                return store.cas(key, flags, exptime, value, Numbers.uint64(args.get(4)));
            default:
                throw new IllegalStateException("mode: " + mode);
        }
    }

    private static MemcachedReply reply(StoreResult result) {
        switch (result) {
            case STORED:
                return Replies.STORED;
            case NOT_STORED:
                return Replies.NOT_STORED;
            case EXISTS:
                return Replies.EXISTS;
            case NOT_FOUND:
                return Replies.NOT_FOUND;
            case TOO_LARGE:
                return Replies.TOO_LARGE;
            case OUT_OF_MEMORY:
                return Replies.OUT_OF_MEMORY;
            default:
                throw new IllegalStateException("result: " + result);
        }
    }
}
