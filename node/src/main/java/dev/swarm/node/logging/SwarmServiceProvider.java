package dev.swarm.node.logging;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The {@code swarm} command's SLF4J binding (registered by swarm-cli): {@link LogFormat} lines on
 * standard error, the node's own loggers at {@code SWARM_LOG_LEVEL} (default info) and libraries' at
 * warn. Hand-written rather than Logback: a few dozen lines that add nothing to every command's
 * start, do exactly the two formats asked, and redact every line.
 */
public final class SwarmServiceProvider implements SLF4JServiceProvider {
    private final BasicMarkerFactory markers = new BasicMarkerFactory();
    private final NOPMDCAdapter mdc = new NOPMDCAdapter();
    private ILoggerFactory factory;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        Map<String, String> env = System.getenv();
        LogFormat format = LogFormat.detect(env);
        Level ours = level(env.getOrDefault("SWARM_LOG_LEVEL", "info"), Level.INFO);
        Map<String, Logger> loggers = new ConcurrentHashMap<>();
        factory = name -> loggers.computeIfAbsent(name, n -> new SwarmLogger(n,
                n.startsWith("dev.swarm") ? ours : Level.WARN.toInt() > ours.toInt() ? Level.WARN : ours, format));
    }

    static Level level(String text, Level fallback) {
        try {
            return Level.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
