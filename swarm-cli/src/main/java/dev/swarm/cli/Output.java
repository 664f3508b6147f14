package dev.swarm.cli;

import dev.swarm.node.protocol.Json;
import java.io.PrintStream;
import java.util.function.Consumer;

/** Prints a command's result: exactly one JSON document with {@code --json}, else lines for people. */
final class Output {
    private Output() {
    }

    static void print(CliContext context, boolean json, Object document, Consumer<PrintStream> human) {
        if (json) {
            context.out().println(Json.toPrettyText(document));
        } else {
            human.accept(context.out());
        }
        context.out().flush();
    }
}
