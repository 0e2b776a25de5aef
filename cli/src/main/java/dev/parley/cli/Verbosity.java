package dev.parley.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * The {@code -v} flags shared by every subcommand: none = WARN, {@code -v} = INFO, {@code -vv} = DEBUG,
 * {@code -vvv} = TRACE with the wire dump ({@code parley.wire}). Logs go to stderr.
 */
public final class Verbosity {

    @Option(names = "-v", description = "More log output on stderr: -v INFO, -vv DEBUG, -vvv TRACE with wire dump.")
    boolean[] verbose = new boolean[0];

    /** Applies the chosen level to the root logger; call before any connection is made. */
    public void apply() {
        Level level;
        switch (verbose.length) {
            case 0: level = Level.WARN; break;
            case 1: level = Level.INFO; break;
            case 2: level = Level.DEBUG; break;
            default: level = Level.TRACE; break;
        }
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        // Netty's own DEBUG/TRACE chatter is noise unless asked for with -vvv.
        ((Logger) LoggerFactory.getLogger("io.netty")).setLevel(verbose.length >= 3 ? Level.DEBUG : Level.WARN);
    }

    /** @return the number of {@code -v} flags given */
    public int level() {
        return verbose.length;
    }
}
