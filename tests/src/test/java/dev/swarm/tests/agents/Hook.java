package dev.swarm.tests.agents;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * One hook to install in an agent: the event and the shell command the agent runs for it. A
 * {@link #marker} hook is a script that writes down the JSON it got on stdin and answers with a fixed
 * marker text as additional context, so a test can look for the marker in the model's requests.
 */
record Hook(HookEvent event, String command) {

    /**
     * A hook for {@code event} that records its stdin into {@code logDir} and prints {@code marker}
     * in the agent's context format (or, for {@link HookEvent#TURN_END}, an empty JSON object).
     */
    static Hook marker(AgentKind kind, HookEvent event, String marker, Path logDir) {
        String name = event.nameFor(kind);
        String output;
        if (event.injectsContext()) {
            ObjectNode json = Json.mapper().createObjectNode();
            json.putObject("hookSpecificOutput").put("hookEventName", name).put("additionalContext", marker);
            output = Json.toText(json);
        } else {
            output = "{}";
        }
        Path script = logDir.resolve("hook-" + name + ".sh");
        write(script, "#!/bin/sh\n"
                + "n=$(date +%s%N)\n"
                + "cat > " + quote(logDir.resolve(name)) + "-$n.json\n"
                + "printf '%s\\n' " + quote(output) + "\n");
        return new Hook(event, script.toString());
    }

    /** The stdin JSON of each run of the marker hook for {@code event}, oldest first. */
    static List<String> runs(AgentKind kind, HookEvent event, Path logDir) {
        String prefix = event.nameFor(kind) + "-";
        try (var files = Files.list(logDir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)
                            && f.getFileName().toString().endsWith(".json"))
                    .sorted().map(Hook::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A script that appends each argv it is run with to {@code log}, one run a line (for Codex notify). */
    static Path argvRecorder(Path script, Path log) {
        write(script, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\t' \"$a\"; done >> " + quote(log)
                + "\necho >> " + quote(log) + "\n");
        return script;
    }

    private static void write(Path script, String text) {
        try {
            Files.createDirectories(script.getParent());
            Files.writeString(script, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String quote(Object value) {
        return "'" + value.toString().replace("'", "'\\''") + "'";
    }
}
