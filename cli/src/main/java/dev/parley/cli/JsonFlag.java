package dev.parley.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The {@code --json} flag of the client subcommands that take it: JSON Lines on stdout (see {@link JsonOutput}),
 * no human text and no progress bar there; logs stay on stderr.
 */
public final class JsonFlag {

    /** The option's name. */
    public static final String NAME = "--json";

    @Option(names = NAME, description = "Print JSON Lines on stdout: one object per reply, per file or per piece of "
            + "output, failures included (ok:false with code, message, transient, progress, exitStatus). Nothing "
            + "else on stdout.")
    boolean json;

    /** @return whether {@code --json} was given */
    public boolean enabled() {
        return json;
    }

    /**
     * Returns whether the command line being parsed asked for {@code --json}, for failures that happen before or
     * outside a command (a usage error).
     *
     * @param commandLine the (sub)command whose parse failed or ran
     * @return whether that command has a {@code --json} option and it was given
     */
    static boolean requested(CommandLine commandLine) {
        CommandLine.ParseResult parsed = commandLine.getParseResult();
        return commandLine.getCommandSpec().findOption(NAME) != null && parsed != null
                && parsed.hasMatchedOption(NAME);
    }
}
