package dev.swarm.node.logging;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * One logger: lines at or above its level go to standard error (read at each line, so a command that
 * points {@code System.err} elsewhere, as {@code swarm mcp} does with stdout, is followed) in the
 * process's {@link LogFormat}. Key-value pairs of SLF4J's fluent API become fields.
 */
final class SwarmLogger extends LegacyAbstractLogger implements LoggingEventAware {
    private static final long serialVersionUID = 1L;

    private final transient Level threshold;
    private final transient LogFormat format;

    SwarmLogger(String name, Level threshold, LogFormat format) {
        this.name = name;
        this.threshold = threshold;
        this.format = format;
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        write(level, pattern, arguments, Map.of(), throwable);
    }

    @Override
    public void log(LoggingEvent event) {
        if (!enabled(event.getLevel())) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair pair : event.getKeyValuePairs()) {
                fields.put(pair.key, pair.value);
            }
        }
        write(event.getLevel(), event.getMessage(), event.getArgumentArray(), fields, event.getThrowable());
    }

    private void write(Level level, String pattern, Object[] arguments, Map<String, Object> fields, Throwable throwable) {
        // without an explicit throwable, a Throwable as the last argument is the error (SLF4J's convention)
        var formatted = throwable == null ? MessageFormatter.arrayFormat(pattern, arguments)
                : MessageFormatter.arrayFormat(pattern, arguments, throwable);
        String line = format.render(Instant.now().truncatedTo(ChronoUnit.MILLIS), level.name(), name,
                formatted.getMessage(), fields, formatted.getThrowable());
        PrintStream err = System.err;
        synchronized (err) {
            err.println(line);
        }
    }
}
