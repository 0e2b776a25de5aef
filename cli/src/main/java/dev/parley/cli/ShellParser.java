package dev.parley.cli;

import dev.parley.codec.text.ParleyText;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.ParsedLine;
import org.jline.reader.SyntaxError;
import org.jline.reader.impl.DefaultParser;

import java.util.List;

/**
 * How {@code parley shell}'s line editor splits words, fitted to the Parley text protocol that reads the line:
 * only {@code "} quotes (a {@code '} is an ordinary character), and a completed name that needs quoting (a space, a
 * quote, a backslash, a brace) is inserted in Parley's double quotes, {@code "my file"}, instead of JLine's
 * {@code my\ file}, which the agent would read as two words.
 */
final class ShellParser extends DefaultParser {

    /** Creates the parser. */
    ShellParser() {
        setQuoteChars(new char[] {'"'});
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) throws SyntaxError {
        ParsedLine parsed = super.parse(line, cursor, context);
        return parsed instanceof CompletingParsedLine ? new Quoting((CompletingParsedLine) parsed) : parsed;
    }

    /** A parsed line whose completions are quoted the Parley way when the word was typed without a quote. */
    private record Quoting(CompletingParsedLine parsed) implements CompletingParsedLine {

        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            int start = parsed.cursor() - parsed.rawWordCursor();
            boolean opened = start >= 0 && start < parsed.line().length() && parsed.line().charAt(start) == '"';
            String quoted = ParleyText.quote(candidate);
            if (opened || quoted.contentEquals(candidate)) {
                return parsed.escape(candidate, complete);
            }
            return complete ? quoted : quoted.substring(0, quoted.length() - 1);
        }

        @Override
        public int rawWordCursor() {
            return parsed.rawWordCursor();
        }

        @Override
        public int rawWordLength() {
            return parsed.rawWordLength();
        }

        @Override
        public String word() {
            return parsed.word();
        }

        @Override
        public int wordCursor() {
            return parsed.wordCursor();
        }

        @Override
        public int wordIndex() {
            return parsed.wordIndex();
        }

        @Override
        public List<String> words() {
            return parsed.words();
        }

        @Override
        public String line() {
            return parsed.line();
        }

        @Override
        public int cursor() {
            return parsed.cursor();
        }
    }
}
