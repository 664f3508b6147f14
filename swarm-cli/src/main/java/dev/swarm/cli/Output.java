package dev.swarm.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.swarm.node.messaging.PeerText;
import dev.swarm.node.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Prints a command's result: exactly one JSON document with {@code --json}, else lines for people.
 * In command output an unset value is left out, in the maps commands build as in records; message
 * metadata keeps its nulls because it is a JSON tree, written as received.
 *
 * <p>Nothing a peer controls reaches the terminal with a hidden character ({@link PeerText}): the
 * lines for people are collected and every hidden character but newline and tab is shown as an
 * escape, whatever a command forgot; commands escape one-line fields themselves
 * ({@link PeerText#escapeLine}) so a peer's newline cannot start a line of its own. A JSON document
 * has the same characters as JSON escapes, so it parses to exactly what was stored.
 */
final class Output {
    private static final ObjectWriter JSON = Json.mapper().copy()
            .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                    JsonInclude.Include.NON_NULL))
            .writerWithDefaultPrettyPrinter();

    private Output() {
    }

    static void print(CliContext context, boolean json, Object document, Consumer<PrintStream> human) {
        if (json) {
            context.out().println(text(document));
        } else {
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            PrintStream collect = new PrintStream(lines, false, StandardCharsets.UTF_8);
            human.accept(collect);
            collect.flush();
            context.out().print(PeerText.escape(lines.toString(StandardCharsets.UTF_8)));
        }
        context.out().flush();
    }

    /**
     * A one-line field a peer may control (an agent id, a swarm name, an endpoint, a peer's error), for
     * the lines printed for people: a newline in it is shown as an escape, not started as a line.
     */
    static String line(Object value) {
        return PeerText.escapeLine(String.valueOf(value));
    }

    static String text(Object document) {
        try {
            return PeerText.escapeJson(JSON.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + document.getClass().getSimpleName(), e);
        }
    }
}
