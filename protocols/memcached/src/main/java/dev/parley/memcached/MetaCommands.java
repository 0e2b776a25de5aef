package dev.parley.memcached;

import dev.parley.memcached.codec.MemcachedRequest;
import dev.parley.memcached.codec.MemcachedReply;
import dev.parley.memcached.store.Item;
import dev.parley.memcached.store.ItemStore;
import dev.parley.memcached.store.KeyPolicy;
import dev.parley.memcached.store.Keys;
import dev.parley.memcached.store.MetaResult;
import dev.parley.memcached.store.MetaSetMode;
import dev.parley.memcached.store.UnsignedLongs;
import dev.parley.server.Call;
import dev.parley.server.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * memcached 1.6's meta commands {@code mg ms md ma mn me}, answered as memcached 1.6.18 answers them: flags are
 * single letters, some with a token ({@code T30}, {@code O123}); replies ({@code HD}, {@code VA}, {@code EN},
 * {@code NF}, {@code NS}, {@code EX}, {@code MN}) echo the requested flags in request order.
 *
 * <p>Every line is checked before the store is touched, with memcached's words: too many flags, a repeated or
 * unknown flag, a bad number, an opaque over 32 bytes, a key over 250 bytes or one that is not base64 under
 * {@code b}. The data block of {@code ms} is framed by its {@code <datalen>} before the handler runs, so a rejected
 * {@code ms} never lets its data run as commands. Not supported: {@code h} and {@code l} (they would cost every
 * classic get a write), {@code E}, which memcached 1.6.18 does not know either; {@code u} is accepted and ignored.
 */
final class MetaCommands {

    private static final MemcachedReply MN = MemcachedReply.line("MN");
    private static final MemcachedReply EN = MemcachedReply.line("EN");

    /** memcached takes at most this many tokens after the verb: key, flags and, for {@code ms}, the length. */
    static final int MAX_ARGS = 18;
    /** The longest opaque token, {@code O} included. */
    static final int MAX_OPAQUE = 32;

    private static final MemcachedReply TOO_MANY_GET_FLAGS =
            MemcachedReply.line("CLIENT_ERROR options flags are too long");
    private static final MemcachedReply TOO_MANY_SET_FLAGS = MemcachedReply.line("CLIENT_ERROR options flags too long");
    private static final MemcachedReply INVALID_OR_DUPLICATE =
            MemcachedReply.line("CLIENT_ERROR invalid or duplicate flag");
    private static final MemcachedReply BAD_SET_MODE = MemcachedReply.line("CLIENT_ERROR invalid mode for ms M token");
    private static final MemcachedReply BAD_ARITHMETIC_MODE =
            MemcachedReply.line("CLIENT_ERROR invalid mode for ma M token");

    private final ItemStore store;
    private final KeyPolicy keyPolicy;

    MetaCommands(ItemStore store) {
        this.store = store;
        this.keyPolicy = store.options().keyPolicy();
    }

    /** The flags of one meta line, parsed and checked; {@link #error} is set instead when the line is bad. */
    private static final class Flags {
        String error;
        /** The key itself is bad (too long, or not allowed by the key policy): {@code md ma} say so too. */
        boolean badKey;
        /** Flag letters seen, for duplicates: one bit per ASCII letter. */
        long seenUpper;
        long seenLower;
        String key;
        boolean binaryKey;
        boolean quiet;
        boolean invalidate;
        Long ttl;
        Long vivify;
        long recache = -1;
        long clientFlags;
        boolean hasCas;
        long cas;
        long initial;
        long delta = 1;
        char mode;
        /** The flag tokens in request order, for the reply. */
        List<String> tokens;
    }

    /** {@code mn}: the end of a pipeline of quiet commands. */
    Reply noop(Call call) {
        return Reply.message(MN);
    }

    /** {@code mg <key> <flags>*}. */
    Reply get(Call call) {
        List<String> args = call.args();
        if (args.isEmpty()) {
            return Replies.line(Replies.ERROR);
        }
        if (args.size() > MAX_ARGS) {
            return error(TOO_MANY_GET_FLAGS);
        }
        Flags f = parse(args, 1);
        if (f.error != null) {
            return error(MemcachedReply.line(f.error));
        }
        if (f.key == null) {
            return error(Replies.BAD_FORMAT);
        }
        MetaResult r = store.metaGet(f.key, f.binaryKey, f.ttl, f.vivify, f.recache);
        if (r.status() == MetaResult.Status.OUT_OF_MEMORY) {
            return error(Replies.OUT_OF_MEMORY);
        }
        Item item = r.item();
        if (item == null) {
            if (f.quiet) {
                return Reply.none();
            }
            StringBuilder line = new StringBuilder("EN");
            for (String t : f.tokens) {
                char c = t.charAt(0);
                if (c == 'O' || c == 'k') {
                    appendKeyOrOpaque(line, t, f.key, f.binaryKey);
                }
            }
            return line.length() == 2 ? Reply.message(EN) : Reply.message(new MetaReply(line, null));
        }
        boolean value = false;
        for (String t : f.tokens) {
            value |= t.charAt(0) == 'v';
        }
        StringBuilder line = new StringBuilder(32);
        if (value) {
            line.append("VA ").append(item.value().length);
        } else {
            line.append("HD");
        }
        long expiry = r.previousExpiresAtMillis();
        for (String t : f.tokens) {
            switch (t.charAt(0)) {
                case 'T':
                    expiry = item.expiresAtMillis();
                    break;
                case 'c':
                    line.append(" c").append(Long.toUnsignedString(item.cas()));
                    break;
                case 'f':
                    line.append(" f").append(Integer.toUnsignedString(item.flags()));
                    break;
                case 's':
                    line.append(" s").append(item.value().length);
                    break;
                case 't':
                    line.append(" t").append(store.remainingSeconds(expiry));
                    break;
                case 'k':
                case 'O':
                    appendKeyOrOpaque(line, t, f.key, item.binaryKey());
                    break;
                default:
                    break;
            }
        }
        if (r.won()) {
            line.append(" W");
        }
        if (r.alreadyWon()) {
            line.append(" Z");
        }
        if (item.isStale()) {
            line.append(" X");
            if (r.staleWon()) {
                line.append(" W");
            }
        }
        return Reply.message(new MetaReply(line, value ? item.value() : null));
    }

    /** {@code ms <key> <datalen> <flags>*} and its data block. */
    Reply set(Call call) {
        List<String> args = call.args();
        ByteBuf body = call.body();
        if (args.isEmpty()) {
            return Replies.line(Replies.ERROR);
        }
        boolean skipped = call.request() instanceof MemcachedRequest
                && ((MemcachedRequest) call.request()).bodySkipped();
        if (args.size() < 2 || body == null && !skipped) {
            return error(Replies.BAD_FORMAT);
        }
        if (args.size() > MAX_ARGS) {
            return error(TOO_MANY_SET_FLAGS);
        }
        Flags f = parse(args, 2);
        if (f.error != null) {
            return error(MemcachedReply.line(f.error));
        }
        if (f.key == null) {
            return error(Replies.BAD_FORMAT);
        }
        MetaSetMode mode;
        switch (f.mode) {
            case 0:
            case 'S':
                mode = MetaSetMode.SET;
                break;
            case 'E':
                mode = MetaSetMode.ADD;
                break;
            case 'A':
                mode = MetaSetMode.APPEND;
                break;
            case 'P':
                mode = MetaSetMode.PREPEND;
                break;
            case 'R':
                mode = MetaSetMode.REPLACE;
                break;
            default:
                return error(BAD_SET_MODE);
        }
        if (skipped) {
            // Over the item size limit: the framing has skipped the data and the line was checked first. As
            // memcached, a set also drops the old value, so a client never reads back one it failed to replace.
            if (mode == MetaSetMode.SET) {
                store.delete(f.key);
            }
            return error(Replies.TOO_LARGE);
        }
        byte[] value = ByteBufUtil.getBytes(body);
        MetaResult r = store.metaSet(mode, f.key, f.binaryKey, (int) f.clientFlags, f.ttl == null ? 0 : f.ttl,
                value, f.hasCas, f.cas, f.invalidate);
        String code;
        switch (r.status()) {
            case DONE:
                if (f.quiet) {
                    return Reply.none();
                }
                code = "HD";
                break;
            case NOT_STORED:
                code = "NS";
                break;
            case EXISTS:
                code = "EX";
                break;
            case NOT_FOUND:
                code = "NF";
                break;
            case TOO_LARGE:
                return error(Replies.TOO_LARGE);
            default:
                return error(Replies.OUT_OF_MEMORY);
        }
        StringBuilder line = new StringBuilder(code);
        Item item = r.item();
        for (String t : f.tokens) {
            switch (t.charAt(0)) {
                case 'c':
                    line.append(" c").append(item == null ? "0" : Long.toUnsignedString(item.cas()));
                    break;
                case 'k':
                case 'O':
                    appendKeyOrOpaque(line, t, f.key, f.binaryKey);
                    break;
                default:
                    break;
            }
        }
        return Reply.message(new MetaReply(line, null));
    }

    /** {@code md <key> <flags>*}. */
    Reply delete(Call call) {
        List<String> args = call.args();
        if (args.isEmpty()) {
            return Replies.line(Replies.ERROR);
        }
        if (args.size() > MAX_ARGS) {
            return error(INVALID_OR_DUPLICATE);
        }
        Flags f = parse(args, 1);
        if (f.error != null) {
            return error(f.badKey ? Replies.BAD_FORMAT : INVALID_OR_DUPLICATE);
        }
        MetaResult r = store.metaDelete(f.key, f.hasCas, f.cas, f.invalidate, f.invalidate ? f.ttl : null);
        String code;
        switch (r.status()) {
            case DONE:
                if (f.quiet) {
                    return Reply.none();
                }
                code = "HD";
                break;
            case EXISTS:
                code = "EX";
                break;
            default:
                code = "NF";
                break;
        }
        return Reply.message(new MetaReply(keyAndOpaque(new StringBuilder(code), f), null));
    }

    /** {@code ma <key> <flags>*}. */
    Reply arithmetic(Call call) {
        List<String> args = call.args();
        if (args.isEmpty()) {
            return Replies.line(Replies.ERROR);
        }
        if (args.size() > MAX_ARGS) {
            return error(INVALID_OR_DUPLICATE);
        }
        Flags f = parse(args, 1);
        if (f.error != null) {
            return error(f.badKey ? Replies.BAD_FORMAT : INVALID_OR_DUPLICATE);
        }
        boolean increment;
        switch (f.mode) {
            case 0:
            case 'I':
            case '+':
                increment = true;
                break;
            case 'D':
            case '-':
                increment = false;
                break;
            default:
                return error(BAD_ARITHMETIC_MODE);
        }
        MetaResult r = store.metaArithmetic(f.key, f.binaryKey, increment, f.delta, f.hasCas, f.cas, f.vivify,
                f.initial, f.ttl);
        String code;
        switch (r.status()) {
            case HIT:
                if (f.quiet) {
                    return Reply.none();
                }
                code = "HD";
                break;
            case CREATED:
                code = "HD";
                break;
            case NOT_FOUND:
                return Reply.message(new MetaReply(keyAndOpaque(new StringBuilder("NF"), f), null));
            case EXISTS:
                return Reply.message(new MetaReply(keyAndOpaque(new StringBuilder("EX"), f), null));
            case NON_NUMERIC:
                return error(Replies.NON_NUMERIC);
            default:
                return error(Replies.OUT_OF_MEMORY);
        }
        boolean value = false;
        for (String t : f.tokens) {
            value |= t.charAt(0) == 'v';
        }
        byte[] digits = value ? Long.toUnsignedString(r.number()).getBytes(StandardCharsets.US_ASCII) : null;
        StringBuilder line = new StringBuilder(value ? "VA " + digits.length : code);
        Item item = r.item();
        for (String t : f.tokens) {
            switch (t.charAt(0)) {
                case 'c':
                    line.append(" c").append(item == null ? "0" : Long.toUnsignedString(item.cas()));
                    break;
                case 't':
                    line.append(" t").append(item == null ? -1 : store.remainingSeconds(item.expiresAtMillis()));
                    break;
                case 'k':
                case 'O':
                    appendKeyOrOpaque(line, t, f.key, f.binaryKey);
                    break;
                default:
                    break;
            }
        }
        return Reply.message(new MetaReply(line, digits));
    }

    /** {@code me <key>}: a line about the item, {@code EN} if there is none. */
    Reply debug(Call call) {
        List<String> args = call.args();
        if (args.isEmpty() || args.size() > MAX_ARGS) {
            return error(Replies.BAD_FORMAT);
        }
        Flags f = parse(args, 1);
        if (f.error != null || f.key == null) {
            return error(Replies.BAD_FORMAT);
        }
        Item item = store.peek(f.key);
        if (item == null) {
            return Reply.message(EN);
        }
        StringBuilder line = new StringBuilder("ME ").append(args.get(0));
        line.append(" exp=").append(store.remainingSeconds(item.expiresAtMillis()));
        line.append(" cas=").append(Long.toUnsignedString(item.cas()));
        line.append(" size=").append(Item.sizeOf(item.keyLength(), item.value().length));
        return Reply.message(new MetaReply(line, null));
    }

    private StringBuilder keyAndOpaque(StringBuilder line, Flags f) {
        for (String t : f.tokens) {
            char c = t.charAt(0);
            if (c == 'O' || c == 'k') {
                appendKeyOrOpaque(line, t, f.key, f.binaryKey);
            }
        }
        return line;
    }

    /** {@code O<opaque>} as sent; {@code k<key>}, base64 with a {@code b} after it for a binary key. */
    private static void appendKeyOrOpaque(StringBuilder line, String token, String key, boolean binaryKey) {
        if (token.charAt(0) == 'O') {
            line.append(' ').append(token);
        } else if (binaryKey) {
            line.append(" k").append(Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.ISO_8859_1)))
                    .append(" b");
        } else {
            line.append(" k").append(key);
        }
    }

    /**
     * Parses the flags after the first {@code fixed} arguments (the key, and for {@code ms} the length) as
     * memcached's preparse does: the first error wins; the key is decoded last.
     */
    private Flags parse(List<String> args, int fixed) {
        Flags f = new Flags();
        f.tokens = args.subList(fixed, args.size());
        String rawKey = args.get(0);
        if (rawKey.length() > Keys.MAX_LENGTH) {
            f.error = Replies.BAD_FORMAT.toString();
            f.badKey = true;
            return f;
        }
        for (String t : f.tokens) {
            char c = t.charAt(0);
            if (!isFlagLetter(c)) {
                f.error = "CLIENT_ERROR invalid flag";
                return f;
            }
            if (seen(f, c)) {
                f.error = "CLIENT_ERROR duplicate flag";
                return f;
            }
            String v = t.substring(1);
            switch (c) {
                case 'b':
                    f.binaryKey = true;
                    break;
                case 'q':
                    f.quiet = true;
                    break;
                case 'I':
                    f.invalidate = true;
                    break;
                case 'N':
                    f.vivify = int32(v);
                    if (f.vivify == null) {
                        return bad(f);
                    }
                    break;
                case 'T':
                    f.ttl = int32(v);
                    if (f.ttl == null) {
                        return bad(f);
                    }
                    break;
                case 'R':
                    Long r = int32(v);
                    if (r == null) {
                        return bad(f);
                    }
                    f.recache = Math.max(0, r);
                    break;
                case 'F':
                    f.clientFlags = Numbers.uint32(v);
                    if (f.clientFlags == Numbers.INVALID) {
                        // memcached's words for bad client flags, here as in the classic commands.
                        f.error = Replies.BAD_FORMAT.toString();
                        return f;
                    }
                    break;
                case 'C':
                    f.hasCas = true;
                    if (!Numbers.isUint64(v)) {
                        return bad(f);
                    }
                    f.cas = UnsignedLongs.parseUnsigned64(v);
                    break;
                case 'J':
                    if (!Numbers.isUint64(v)) {
                        return bad(f);
                    }
                    f.initial = UnsignedLongs.parseUnsigned64(v);
                    break;
                case 'D':
                    if (!Numbers.isUint64(v)) {
                        return bad(f);
                    }
                    f.delta = UnsignedLongs.parseUnsigned64(v);
                    break;
                case 'O':
                    if (t.length() > MAX_OPAQUE) {
                        f.error = "CLIENT_ERROR opaque token too long";
                        return f;
                    }
                    break;
                case 'M':
                    if (t.length() != 2) {
                        f.error = "CLIENT_ERROR incorrect length for M token";
                        return f;
                    }
                    f.mode = t.charAt(1);
                    break;
                default:
                    break;
            }
        }
        String key = rawKey;
        if (f.binaryKey) {
            key = decode(rawKey);
            if (key == null) {
                f.error = "CLIENT_ERROR error decoding key";
                return f;
            }
        }
        // A base64 key may hold any bytes, as in memcached: such an item is always named in base64 on the wire
        // (its k flag says b), and a classic command can only reach it when its bytes make a plain key too.
        boolean valid = f.binaryKey ? !key.isEmpty() && key.length() <= Keys.MAX_LENGTH : keyPolicy.isValid(key);
        if (!valid) {
            f.error = Replies.BAD_FORMAT.toString();
            f.badKey = true;
            return f;
        }
        f.key = key;
        return f;
    }

    /** The letters memcached 1.6.18 knows as meta flags; each command uses some and ignores the others. */
    private static boolean isFlagLetter(char c) {
        switch (c) {
            case 'b': case 'c': case 'f': case 'k': case 'q': case 's': case 't': case 'u': case 'v':
            case 'C': case 'D': case 'F': case 'I': case 'J': case 'M': case 'N': case 'O': case 'R': case 'T':
                return true;
            default:
                return false;
        }
    }

    private static boolean seen(Flags f, char c) {
        long bit;
        if (c >= 'a' && c <= 'z') {
            bit = 1L << (c - 'a');
            boolean dup = (f.seenLower & bit) != 0;
            f.seenLower |= bit;
            return dup;
        }
        bit = 1L << (c - 'A');
        boolean dup = (f.seenUpper & bit) != 0;
        f.seenUpper |= bit;
        return dup;
    }

    private static Flags bad(Flags f) {
        f.error = "CLIENT_ERROR bad token in command line format";
        return f;
    }

    /** A signed 32-bit decimal, as memcached's {@code safe_strtol}; {@code null} if it is not one. */
    private static Long int32(String s) {
        long v = Numbers.int64(s);
        return v == Numbers.INVALID || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? null : v;
    }

    /** Decodes a base64 key to one char per byte, or {@code null} if it is not canonical base64. */
    private static String decode(String raw) {
        if (raw.length() % 4 != 0) {
            return null;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(raw);
            return bytes.length == 0 ? null : new String(bytes, StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Reply error(MemcachedReply line) {
        return Reply.errorMessage(line);
    }

    /** A meta reply line made for one request, with the value block of {@code VA}. */
    private static final class MetaReply extends MemcachedReply {
        private final CharSequence line;
        private final byte[] value;

        MetaReply(CharSequence line, byte[] value) {
            this.line = line;
            this.value = value;
        }

        @Override
        public void writeTo(ByteBuf out) {
            out.writeCharSequence(line, StandardCharsets.ISO_8859_1);
            out.writeByte('\r').writeByte('\n');
            if (value != null) {
                out.writeBytes(value);
                out.writeByte('\r').writeByte('\n');
            }
        }

        @Override
        public long estimatedBytes() {
            return line.length() + 2 + (value == null ? 0 : value.length + 2);
        }

        @Override
        public String toString() {
            return line.toString();
        }
    }
}
