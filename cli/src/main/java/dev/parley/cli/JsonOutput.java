package dev.parley.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.parley.agent.client.AgentException;
import dev.parley.agent.client.ExecExit;
import dev.parley.agent.client.TransferIntegrityException;
import dev.parley.agent.fs.EntryType;
import dev.parley.agent.fs.FileEntry;
import dev.parley.client.ParleyClientException;
import dev.parley.client.Progress;
import dev.parley.client.RemoteErrorException;
import dev.parley.client.Reply;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --json} output of the client subcommands: JSON Lines, one object per reply or per file, written with
 * Gson. The static methods build the objects (replies, failures, listing entries, per-file records, summaries);
 * {@link #write(JsonObject)} prints one object on one line and flushes.
 *
 * <p>Field conventions: numbers are JSON numbers, times are ISO-8601 instants in UTC with milliseconds
 * ({@code 2026-12-02T01:02:03.456Z}), enum-like values are lower case ({@code "file"}, {@code "not_sent"}), and every
 * reply or failure object has a boolean {@code ok}.
 */
public final class JsonOutput {

    /** ISO-8601 with exactly three fraction digits, so that all times of a listing have one width. */
    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private final OutputStream out;

    private JsonOutput(OutputStream out) {
        this.out = out;
    }

    /**
     * Returns an output that writes to the process's stdout as it is when called.
     *
     * @return the output
     */
    public static JsonOutput stdout() {
        return to(System.out);
    }

    /**
     * Returns an output that writes UTF-8 JSON Lines to a stream.
     *
     * @param out where to write; not closed
     * @return the output
     */
    public static JsonOutput to(OutputStream out) {
        return new JsonOutput(out);
    }

    /**
     * Writes one object as one line and flushes.
     *
     * @param object the object
     * @throws UncheckedIOException if the stream fails
     */
    public void write(JsonObject object) {
        try {
            out.write((GSON.toJson(object) + '\n').getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the object for an OK reply: {@code ok}, {@code verb}, {@code args}, and the body as {@code body} (when
     * it is valid UTF-8) or {@code bodyBase64}; a reply without a body has neither field.
     *
     * @param verb the request's verb
     * @param reply the reply
     * @return a new object
     */
    public static JsonObject reply(String verb, Reply reply) {
        JsonObject o = ok(verb);
        JsonArray args = new JsonArray();
        reply.args().forEach(args::add);
        o.add("args", args);
        if (reply.bodyLength() > 0) {
            addBytes(o, "body", reply.body());
        }
        return o;
    }

    /**
     * Returns the start of an OK object: {@code {"ok":true,"verb":verb}}, for typed replies to add their fields to.
     *
     * @param verb the request's verb
     * @return a new object
     */
    public static JsonObject ok(String verb) {
        JsonObject o = new JsonObject();
        o.addProperty("ok", true);
        o.addProperty("verb", verb);
        return o;
    }

    /**
     * Returns the object for a failed call: {@code ok:false}, {@code code}, {@code message}, {@code transient},
     * {@code progress} and {@code exitStatus} (the status the command exits with, {@link Failures#exitStatus}); for
     * an {@code ERR} reply {@code code} is the agent's code and {@code message} its message.
     *
     * @param e the failure
     * @return a new object
     */
    public static JsonObject error(ParleyClientException e) {
        if (e instanceof RemoteErrorException) {
            RemoteErrorException r = (RemoteErrorException) e;
            return error(r.errorCode().name(), r.remoteMessage(), e.isTransient(), e.progress(),
                    Failures.exitStatus(e));
        }
        return error(e.code(), withoutCode(e.code(), e.getMessage()), e.isTransient(), e.progress(),
                Failures.exitStatus(e));
    }

    /**
     * Returns the object for a failure that is not a client exception (a local file, a hash mismatch).
     *
     * @param code a recognisable code in capitals, e.g. {@code IO_ERROR}
     * @param message what happened
     * @param transientFailure whether trying again later may succeed
     * @param progress how far the request got
     * @param exitStatus the status the command exits with
     * @return a new object with the same fields as {@link #error(ParleyClientException)}
     */
    public static JsonObject error(String code, String message, boolean transientFailure, Progress progress,
                                   int exitStatus) {
        JsonObject o = new JsonObject();
        o.addProperty("ok", false);
        o.addProperty("code", code);
        o.addProperty("message", message == null ? "" : message);
        o.addProperty("transient", transientFailure);
        o.addProperty("progress", progress.name().toLowerCase(Locale.ROOT));
        o.addProperty("exitStatus", exitStatus);
        return o;
    }

    /**
     * Returns the object for any failure of a client command, with the exit status the human output would give:
     * a client exception as {@link #error(ParleyClientException)}; an agent exception by its cause, or by its own
     * code (a hash mismatch, {@code INTEGRITY}, exits 76); a local I/O error as {@code IO_ERROR} (exit 74, progress
     * {@code unknown}).
     *
     * @param failure what was thrown
     * @return a new object
     */
    public static JsonObject error(Throwable failure) {
        ParleyClientException client = Failures.clientException(failure);
        if (client != null) {
            return error(client);
        }
        if (failure instanceof AgentException) {
            AgentException a = (AgentException) failure;
            if (a.getCause() instanceof ParleyClientException) {
                return error((ParleyClientException) a.getCause());
            }
            int status;
            if (a instanceof TransferIntegrityException || ParleyClientException.PROTOCOL.equals(a.code())) {
                status = ExitStatus.PROTOCOL;
            } else {
                status = a.errorCode() != null ? ExitStatus.ERR_REPLY : ExitStatus.TEMP_FAIL;
            }
            return error(a.code(), withoutCode(a.code(), a.getMessage()), a.isTransient(), a.progress(), status);
        }
        if (failure instanceof IOException || failure instanceof UncheckedIOException) {
            return error("IO_ERROR", failure.getClass().getSimpleName() + ": " + failure.getMessage(), false,
                    Progress.UNKNOWN, ExitStatus.IO_ERROR);
        }
        return error("SOFTWARE", failure.getClass().getSimpleName() + ": " + failure.getMessage(), false,
                Progress.UNKNOWN, ExitStatus.SOFTWARE);
    }

    /**
     * Returns the exit status recorded in an error object.
     *
     * @param error an object from one of the {@code error} methods
     * @return its {@code exitStatus}
     */
    public static int exitStatus(JsonObject error) {
        return error.get("exitStatus").getAsInt();
    }

    /**
     * Returns a listing entry: {@code type} ({@code directory}, {@code file}, {@code link}, {@code other}),
     * {@code size} in bytes, {@code mtime} (ISO-8601) and {@code name}.
     *
     * @param entry the entry
     * @return a new object
     */
    public static JsonObject entry(FileEntry entry) {
        JsonObject o = new JsonObject();
        o.addProperty("type", typeName(entry.type()));
        o.addProperty("size", entry.size());
        o.addProperty("mtime", instant(entry.mtimeMillis()));
        o.addProperty("name", entry.name());
        return o;
    }

    /**
     * Returns a list of entries as a JSON array of {@link #entry(FileEntry)} objects.
     *
     * @param entries the entries
     * @return a new array
     */
    public static JsonArray entries(List<FileEntry> entries) {
        JsonArray a = new JsonArray();
        entries.forEach(e -> a.add(entry(e)));
        return a;
    }

    /**
     * Returns key/value pairs as an object of strings, in their order.
     *
     * @param pairs the pairs
     * @return a new object
     */
    public static JsonObject pairs(Map<String, String> pairs) {
        JsonObject o = new JsonObject();
        pairs.forEach(o::addProperty);
        return o;
    }

    /**
     * Formats a time as ISO-8601 in UTC with milliseconds.
     *
     * @param epochMillis milliseconds since the epoch
     * @return e.g. {@code 2026-12-02T01:02:03.456Z}, which {@link Instant#parse} reads back
     */
    public static String instant(long epochMillis) {
        return INSTANT.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * Adds bytes to an object as text under {@code name} when they are valid UTF-8, or else base64 under
     * {@code name + "Base64"}.
     *
     * @param o the object
     * @param name the field name for text
     * @param bytes the bytes
     */
    public static void addBytes(JsonObject o, String name, byte[] bytes) {
        String text = utf8(bytes);
        if (text != null) {
            o.addProperty(name, text);
        } else {
            o.addProperty(name + "Base64", Base64.getEncoder().encodeToString(bytes));
        }
    }

    /**
     * Returns the record of one file of a push or pull: {@code file} (the local path), {@code remote},
     * {@code bytes}, {@code sha256} (omitted when {@code null}) and {@code status}.
     *
     * @param file the local path
     * @param remote the remote path
     * @param bytes the file's size in bytes
     * @param sha256 its SHA-256 in lower-case hex, or {@code null} if not known
     * @param status what happened to it
     * @return a new object
     */
    public static JsonObject file(String file, String remote, long bytes, String sha256, FileStatus status) {
        JsonObject o = new JsonObject();
        o.addProperty("file", file);
        o.addProperty("remote", remote);
        o.addProperty("bytes", bytes);
        if (sha256 != null) {
            o.addProperty("sha256", sha256);
        }
        o.addProperty("status", status.wireName());
        return o;
    }

    /**
     * Returns the record of a file that could not be transferred: {@code status} {@code failed} and the failure
     * under {@code error} (an object from {@link #error}).
     *
     * @param file the local path
     * @param remote the remote path
     * @param bytes the file's size when known (the local size for a push, the agent's for a pull), else 0
     * @param error the failure, from one of the {@code error} methods
     * @return a new object
     */
    public static JsonObject fileFailed(String file, String remote, long bytes, JsonObject error) {
        JsonObject o = file(file, remote, bytes, null, FileStatus.FAILED);
        o.add("error", error);
        return o;
    }

    /**
     * Returns the final object of a push or pull: {@code summary:true}, {@code ok} (every file made it), counts,
     * {@code bytes}, {@code seconds}, {@code bytesPerSecond} and {@code exitStatus}.
     *
     * @param tally the counts
     * @return a new object
     */
    public static JsonObject summary(TransferTally tally) {
        JsonObject o = new JsonObject();
        o.addProperty("summary", true);
        o.addProperty("ok", tally.failed() == 0 && tally.exitStatus() == ExitStatus.OK);
        o.addProperty("files", tally.files());
        o.addProperty("transferred", tally.transferred());
        o.addProperty("skipped", tally.skipped());
        o.addProperty("failed", tally.failed());
        o.addProperty("bytes", tally.bytes());
        double seconds = tally.elapsed().toNanos() / 1e9;
        o.addProperty("seconds", Math.round(seconds * 1000) / 1000.0);
        o.addProperty("bytesPerSecond", seconds > 0 ? Math.round(tally.bytes() / seconds) : 0);
        o.addProperty("exitStatus", tally.exitStatus());
        return o;
    }

    /**
     * Returns one piece of a running program's output for {@code parley exec --json}: {@code stream} ({@code out} or
     * {@code err}) and the bytes as {@code text} when they are valid UTF-8, else {@code base64}. Pieces are as the
     * agent sent them, so a character split between two pieces makes both of them base64.
     *
     * @param stderr whether the program wrote the bytes to its standard error
     * @param bytes the bytes
     * @return a new object
     */
    public static JsonObject execOutput(boolean stderr, byte[] bytes) {
        JsonObject o = new JsonObject();
        o.addProperty("stream", stderr ? "err" : "out");
        String text = utf8(bytes);
        if (text != null) {
            o.addProperty("text", text);
        } else {
            o.addProperty("base64", Base64.getEncoder().encodeToString(bytes));
        }
        return o;
    }

    /**
     * Returns the last object of {@code parley exec --json}: {@code ok:true}, {@code exitCode}, {@code timedOut}
     * and {@code truncated}.
     *
     * @param exit how the program ended
     * @return a new object
     */
    public static JsonObject execExit(ExecExit exit) {
        JsonObject o = new JsonObject();
        o.addProperty("ok", true);
        o.addProperty("exitCode", exit.exitCode());
        o.addProperty("timedOut", exit.timedOut());
        o.addProperty("truncated", exit.truncated());
        return o;
    }

    /** What happened to one file of a push or pull. */
    public enum FileStatus {
        /** Uploaded and verified: {@code sent}. */
        SENT,
        /** Downloaded and verified: {@code received}. */
        RECEIVED,
        /** Already identical at the destination (size and hash): {@code skipped}. */
        SKIPPED,
        /** Not transferred: {@code failed}. */
        FAILED;

        /** @return the lower-case name used in JSON */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The counts of a push or pull, for {@link #summary(TransferTally)}.
     *
     * @param files the files considered
     * @param transferred those sent or received
     * @param skipped those already identical
     * @param failed those that failed
     * @param bytes the bytes transferred
     * @param elapsed the wall time of the whole command
     * @param exitStatus the status the command exits with
     */
    public record TransferTally(long files, long transferred, long skipped, long failed, long bytes,
                                Duration elapsed, int exitStatus) {
    }

    /** The message without its leading {@code CODE: }, since the code has its own field. */
    private static String withoutCode(String code, String message) {
        if (message == null) {
            return "";
        }
        return message.startsWith(code + ": ") ? message.substring(code.length() + 2) : message;
    }

    private static String typeName(EntryType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notText) {
            return null; // the caller writes base64 instead
        }
    }
}
