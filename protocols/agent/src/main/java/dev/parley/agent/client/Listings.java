package dev.parley.agent.client;

import dev.parley.agent.fs.EntryType;
import dev.parley.agent.fs.FileEntry;
import dev.parley.agent.fs.FileMode;
import dev.parley.codec.text.MalformedLineException;
import dev.parley.codec.text.ParleyText;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses the agent's reply bodies and arguments: listings, stat lines, info pairs; and normalises POSIX paths. */
final class Listings {

    private Listings() {
    }

    /** Parses {@code <type> <size> <mtime> <name>} lines. */
    static List<FileEntry> entries(String body) {
        List<FileEntry> entries = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            List<String> words = tokenize(line);
            if (words.size() != 4) {
                throw malformed("ls line: " + line);
            }
            entries.add(entry(words.get(0), words.get(1), words.get(2), words.get(3)));
        }
        return entries;
    }

    static FileEntry entry(String type, String size, String mtime, String name) {
        return entry(type, size, mtime, name, FileMode.UNKNOWN);
    }

    static FileEntry entry(String type, String size, String mtime, String name, int mode) {
        try {
            return new FileEntry(type(type), Long.parseLong(size), Long.parseLong(mtime), name, mode);
        } catch (NumberFormatException e) {
            throw malformed("entry: " + type + ' ' + size + ' ' + mtime, e);
        }
    }

    /**
     * Returns the permission bits in the first {@code mode=} argument of a reply, or {@link FileMode#UNKNOWN} when
     * there is none (an agent that does not report modes) or it does not parse (ignored, as unknown arguments are).
     */
    static int mode(List<String> args, int from) {
        for (int i = from; i < args.size(); i++) {
            if (FileMode.isArgument(args.get(i))) {
                try {
                    return FileMode.fromArgument(args.get(i));
                } catch (IllegalArgumentException e) {
                    return FileMode.UNKNOWN;
                }
            }
        }
        return FileMode.UNKNOWN;
    }

    private static EntryType type(String code) {
        for (EntryType t : EntryType.values()) {
            if (code.length() == 1 && t.code() == code.charAt(0)) {
                return t;
            }
        }
        throw malformed("entry type: " + code + " (expected: d, f, l or o)");
    }

    /** Parses {@code key=value} lines, keeping their order. */
    static Map<String, String> pairs(String body) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                map.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return map;
    }

    /** Returns the last name of a POSIX path, or {@code /}. */
    static String name(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        int slash = p.lastIndexOf('/');
        return slash < 0 || p.length() == 1 ? p : p.substring(slash + 1);
    }

    /**
     * Resolves a POSIX path against a working directory lexically, so that a repeated {@code cd} lands in the same
     * place; returns the path unchanged if it climbs above {@code /} (the agent answers that with DENIED).
     */
    static String absolute(String cwd, String path) {
        String joined = path.startsWith("/") ? path : cwd + '/' + path;
        List<String> names = new ArrayList<>();
        for (String name : joined.split("/")) {
            if (name.isEmpty() || ".".equals(name)) {
                continue;
            }
            if ("..".equals(name)) {
                if (names.isEmpty()) {
                    return path;
                }
                names.remove(names.size() - 1);
            } else {
                names.add(name);
            }
        }
        return "/" + String.join("/", names);
    }

    private static List<String> tokenize(String line) {
        ByteBuf buf = Unpooled.wrappedBuffer(line.getBytes(StandardCharsets.UTF_8));
        try {
            return ParleyText.tokenize(buf);
        } catch (MalformedLineException e) {
            throw malformed("ls line: " + line, e);
        } finally {
            buf.release();
        }
    }

    private static AgentException malformed(String detail) {
        return malformed(detail, null);
    }

    private static AgentException malformed(String detail, Throwable cause) {
        return new AgentException("PROTOCOL", null, dev.parley.client.Progress.ANSWERED, false,
                "unexpected reply from the agent: " + detail, cause);
    }
}
