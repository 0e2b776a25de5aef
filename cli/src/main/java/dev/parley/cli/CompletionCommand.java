package dev.parley.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code parley completion bash|zsh}: prints a completion script for the subcommands and options. Install with
 * {@code source <(parley completion bash)} in {@code ~/.bashrc}, or the zsh line in {@code ~/.zshrc}.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script for parley.",
                "bash: add 'source <(parley completion bash)' to ~/.bashrc.",
                "zsh:  add 'source <(parley completion zsh)' to ~/.zshrc."})
final class CompletionCommand implements Callable<Integer> {

    /** The shells a script can be printed for. */
    enum Shell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        String script = AutoComplete.bash(root.getCommandName(), root);
        PrintWriter out = spec.commandLine().getOut();
        if (shell == Shell.zsh) {
            // The bash script runs under zsh through its bash-completion emulation.
            out.println("autoload -U +X compinit && compinit");
            out.println("autoload -U +X bashcompinit && bashcompinit");
        }
        out.print(script);
        out.flush();
        return ExitStatus.OK;
    }
}
