package dev.parley.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code parley completion}: the script loads in bash and completes subcommands and their options. */
class CompletionCommandTest {

    @TempDir
    Path dir;

    @Test
    void bashScriptCompletesSubcommandsAndOptions() throws Exception {
        CliRun r = CliRun.run("completion", "bash");
        assertEquals(ExitStatus.OK, r.status, r.toString());
        Path script = dir.resolve("parley-completion.bash");
        Files.writeString(script, r.out, StandardCharsets.UTF_8);

        assertEquals("agent", complete(script, "parley ag"));
        assertTrue(complete(script, "parley agent --exec-t").contains("--exec-timeout"));
        assertTrue(complete(script, "parley c").contains("call"));
    }

    @Test
    void zshScriptLoadsBashCompletionEmulationFirst() {
        CliRun r = CliRun.run("completion", "zsh");
        assertEquals(ExitStatus.OK, r.status, r.toString());
        assertTrue(r.out.startsWith("autoload -U +X compinit && compinit\n"
                        + "autoload -U +X bashcompinit && bashcompinit\n"),
                r.out.substring(0, Math.min(200, r.out.length())));
        assertTrue(r.out.contains("complete -F"), "then the bash script");
    }

    @Test
    void unknownShellIsAUsageError() {
        assertEquals(ExitStatus.USAGE, CliRun.run("completion", "fish").status);
    }

    /** Runs the completion function as bash would for the words typed so far; returns COMPREPLY. */
    private static String complete(Path script, String typed) throws Exception {
        String[] words = typed.split(" ", -1);
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append('\'').append(w).append("' ");
        }
        String program = "source '" + script + "'\n"
                + "COMP_WORDS=(" + array + ")\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE='" + typed + "'\nCOMP_POINT=${#COMP_LINE}\n"
                + "fn=$(complete -p parley | sed -E 's/.*-F ([^ ]+).*/\\1/')\n"
                + "$fn parley '" + words[words.length - 1] + "' '" + words[words.length - 2] + "'\n"
                + "echo \"${COMPREPLY[*]}\"\n";
        Process p = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "bash finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
