package dev.parley.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The parley command's logging: everything to stderr (stdout carries replies and bodies), WARN and above until
 * {@link Verbosity} says otherwise. Set up in code rather than from a {@code logback.xml}, which would load an XML
 * parser and logback's configuration model at every start of the command. A {@code -Dlogback.configurationFile}
 * given through {@code PARLEY_JAVA_OPTS}, or a {@code logback.xml} of a program that has this jar on its class path,
 * still takes precedence.
 */
public final class StderrLogging extends ContextAwareBase implements Configurator {

    /** Called by logback through {@code ServiceLoader}. */
    public StderrLogging() {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = StderrLogging.class.getClassLoader();
        if (System.getProperty("logback.configurationFile") != null || loader.getResource("logback-test.xml") != null
                || loader.getResource("logback.xml") != null) {
            // A configuration of the program that embeds this jar (the bench, a test) wins, as it did before.
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{20} %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
