package dev.parley.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Captures what the {@code parley.server} logger writes at INFO and above, for tests to count and search. */
final class CapturedLog implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("parley.server");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    CapturedLog() {
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
    }

    /** @return every captured line at INFO or above: level, formatted message, raw arguments, exception messages */
    List<String> lines() {
        return lines(Level.INFO);
    }

    /** @return every captured line at {@code min} or above, as {@link #lines()} */
    List<String> lines(Level min) {
        List<ILoggingEvent> events;
        synchronized (appender) {
            events = new ArrayList<>(appender.list);
        }
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : events) {
            if (!e.getLevel().isGreaterOrEqual(min)) {
                continue;
            }
            StringBuilder sb = new StringBuilder(e.getLevel().toString()).append(' ').append(e.getFormattedMessage());
            if (e.getArgumentArray() != null) {
                for (Object arg : e.getArgumentArray()) {
                    sb.append(" | ").append(arg);
                }
            }
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                sb.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            }
            lines.add(sb.toString());
        }
        return lines;
    }

    /** @return the captured lines containing {@code text} */
    List<String> containing(String text) {
        return lines().stream().filter(l -> l.contains(text)).collect(Collectors.toList());
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
