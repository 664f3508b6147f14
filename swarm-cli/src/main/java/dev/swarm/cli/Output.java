package dev.swarm.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.swarm.node.protocol.Json;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Prints a command's result: exactly one JSON document with {@code --json}, else lines for people.
 * In command output an unset value is left out, in the maps commands build as in records; message
 * metadata keeps its nulls because it is a JSON tree, written as received.
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
            human.accept(context.out());
        }
        context.out().flush();
    }

    static String text(Object document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + document.getClass().getSimpleName(), e);
        }
    }
}
