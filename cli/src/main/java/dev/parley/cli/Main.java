package dev.parley.cli;

import dev.parley.agent.client.AgentVerbs;
import dev.parley.client.Progress;
import dev.parley.client.Request;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;

/**
 * The {@code parley} command: runs the automation agent and the memcached server, talks to agents from
 * scripts ({@code call}, {@code push}, {@code pull}) or by hand ({@code shell}), and puts a fault-injecting proxy in
 * front of any server ({@code proxy}).
 */
@Command(name = "parley", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Parley: the automation agent and its command-line client.",
        subcommands = {AgentCommand.class, CallCommand.class, ExecCommand.class, ShellCommand.class, PushCommand.class,
                PullCommand.class, MemcachedCommand.class, ProxyCommand.class, BenchCommand.class,
                CompletionCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    /** The agent's default port. */
    public static final int DEFAULT_AGENT_PORT = 7777;

    private Main() {
    }

    /**
     * Runs the command and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command without exiting, for tests.
     *
     * @param args the command line
     * @return the exit status
     */
    public static int run(String... args) {
        CommandLine cl = commandLine();
        return cl.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExitCodeExceptionMapper(t -> ExitStatus.SOFTWARE);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("parley: " + ex.getMessage());
            jsonFailure(ex.getCommandLine(), "USAGE", ex.getMessage(), Progress.NOT_SENT, ExitStatus.USAGE);
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
                err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            }
            return ExitStatus.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, command, parseResult) -> {
            PrintWriter err = command.getErr();
            if (ex instanceof CommandLine.ParameterException || ex instanceof CommandLine.TypeConversionException) {
                err.println("parley: " + ex.getMessage());
                jsonFailure(command, "USAGE", ex.getMessage(), Progress.NOT_SENT, ExitStatus.USAGE);
                return ExitStatus.USAGE;
            }
            err.println("parley: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
            jsonFailure(command, "SOFTWARE", ex.getClass().getSimpleName() + ": " + ex.getMessage(),
                    Progress.UNKNOWN, ExitStatus.SOFTWARE);
            org.slf4j.LoggerFactory.getLogger("parley.cli").debug("CLI000 command failed", ex);
            return ExitStatus.SOFTWARE;
        });
        return cl;
    }

    /** With {@code --json}, a failure outside the command's own handling is a JSON object on stdout too. */
    private static void jsonFailure(CommandLine command, String code, String message, Progress progress,
                                    int exitStatus) {
        if (JsonFlag.requested(command)) {
            JsonOutput.stdout().write(JsonOutput.error(code, message, false, progress, exitStatus));
        }
    }

    /**
     * Builds a request for an agent verb, with the verb's kind (query, action, idempotent action) from the agent's
     * declaration; verbs the agent does not declare are sent as actions, which are never repeated.
     *
     * @param verb the verb
     * @param args its arguments
     * @return the request
     */
    static Request agentRequest(String verb, List<String> args) {
        return Request.of(AgentVerbs.kindOf(verb), verb, args);
    }

    /** Prints the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"parley " + (v == null ? "(development build)" : v)};
        }
    }
}
