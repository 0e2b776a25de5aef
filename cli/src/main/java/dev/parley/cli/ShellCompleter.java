package dev.parley.cli;

import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.completer.StringsCompleter;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * TAB completion in {@code parley shell}: the verbs for the first word; remote paths (from the agent's listings,
 * {@link RemotePaths}) after the verbs that take one, {@code put}'s second word and {@code get}'s first; local file
 * names (JLine's file-name completer) for {@code put}'s first word and {@code get}'s second.
 */
final class ShellCompleter implements Completer {

    /** Verbs whose first argument is a remote path. */
    private static final Set<String> FIRST_REMOTE = Set.of("ls", "cd", "stat", "hash", "pull", "mkdir", "get");
    /** Verbs whose every argument is a remote path. */
    private static final Set<String> ALL_REMOTE = Set.of("rm", "mv");

    /** What a word at some place of a line is. */
    enum Kind { VERB, REMOTE, LOCAL, NONE }

    private final Completer verbs;
    private final RemotePaths remote;
    private final Completer local = new Completers.FileNameCompleter();

    /**
     * Creates the completer.
     *
     * @param verbs the verbs to offer for the first word
     * @param remote where remote names come from
     */
    ShellCompleter(List<String> verbs, RemotePaths remote) {
        this.verbs = new StringsCompleter(verbs);
        this.remote = remote;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String typed = line.word().substring(0, line.wordCursor());
        switch (kind(line.words(), line.wordIndex())) {
            case VERB:
                verbs.complete(reader, line, candidates);
                break;
            case REMOTE:
                candidates.addAll(remote.candidates(typed));
                break;
            case LOCAL:
                local.complete(reader, line, candidates);
                break;
            default:
                break;
        }
    }

    /**
     * Returns what the word at {@code index} of a line is.
     *
     * @param words the line's words
     * @param index the word being completed
     * @return verb, remote path, local path, or nothing to complete
     */
    static Kind kind(List<String> words, int index) {
        if (index <= 0) {
            return Kind.VERB;
        }
        String verb = words.get(0).toLowerCase(Locale.ROOT);
        if ("put".equals(verb)) {
            return index == 1 ? Kind.LOCAL : index == 2 ? Kind.REMOTE : Kind.NONE;
        }
        if ("get".equals(verb) && index == 2) {
            return Kind.LOCAL;
        }
        if (ALL_REMOTE.contains(verb) || FIRST_REMOTE.contains(verb) && index == 1) {
            return Kind.REMOTE;
        }
        return Kind.NONE;
    }
}
