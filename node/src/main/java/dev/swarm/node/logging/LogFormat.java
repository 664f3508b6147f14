package dev.swarm.node.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.swarm.node.error.SwarmException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * How a log line looks: one JSON object per line for the journal (systemd sets {@code JOURNAL_STREAM}
 * for a service whose output it keeps), readable text in a terminal; {@code SWARM_LOG_FORMAT}
 * ({@code json} or {@code text}) overrides. Both carry the same fields: time, level, logger, message,
 * the wire error code ({@code code}) of a {@link SwarmException}, key-value pairs, and the error. Every
 * text goes through the {@link Redactor}.
 */
public enum LogFormat {
    TEXT, JSON;

    private static final JsonFactory FACTORY = new JsonFactory();

    public static LogFormat detect(Map<String, String> env) {
        String chosen = env.get("SWARM_LOG_FORMAT");
        if (chosen != null && !chosen.isBlank()) {
            return "json".equalsIgnoreCase(chosen.strip()) ? JSON : TEXT;
        }
        return env.containsKey("JOURNAL_STREAM") ? JSON : TEXT;
    }

    /** One line, without its newline. */
    public String render(Instant at, String level, String logger, String message, Map<String, Object> fields,
                         Throwable error) {
        String code = error instanceof SwarmException swarm ? swarm.code().name() : null;
        String errorText = error == null ? null : Redactor.clean(error instanceof SwarmException ? error.getMessage()
                : error.toString());
        return this == JSON ? json(at, level, logger, message, fields, code, errorText)
                : text(at, level, logger, message, fields, code, errorText);
    }

    private static String text(Instant at, String level, String logger, String message, Map<String, Object> fields,
                               String code, String error) {
        StringBuilder line = new StringBuilder(128).append(DateTimeFormatter.ISO_INSTANT.format(at)).append(' ')
                .append(String.format(Locale.ROOT, "%-5s", level)).append(' ').append(shortName(logger)).append(": ")
                .append(Redactor.clean(message));
        if (code != null) {
            line.append(" [").append(code).append(']');
        }
        fields.forEach((key, value) -> line.append(' ').append(key).append('=').append(Redactor.clean(String.valueOf(value))));
        if (error != null) {
            line.append(" (").append(error).append(')');
        }
        return line.toString();
    }

    private static String json(Instant at, String level, String logger, String message, Map<String, Object> fields,
                               String code, String error) {
        StringWriter out = new StringWriter(160);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("ts", DateTimeFormatter.ISO_INSTANT.format(at));
            json.writeStringField("level", level);
            json.writeStringField("logger", logger);
            json.writeStringField("msg", Redactor.clean(message));
            if (code != null) {
                json.writeStringField("code", code);
            }
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                Object value = field.getValue();
                if (value instanceof Number number) {
                    json.writeFieldName(field.getKey());
                    json.writeNumber(number.toString());
                } else {
                    json.writeStringField(field.getKey(), Redactor.clean(String.valueOf(value)));
                }
            }
            if (error != null) {
                json.writeStringField("error", error);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String shortName(String logger) {
        int dot = logger.lastIndexOf('.');
        return dot < 0 ? logger : logger.substring(dot + 1);
    }
}
