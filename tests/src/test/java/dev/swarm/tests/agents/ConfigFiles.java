package dev.swarm.tests.agents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the agents' configuration files (test code: plain writes, parents created). */
final class ConfigFiles {
    private ConfigFiles() {
    }

    static void writeJson(Path file, JsonNode json) {
        write(file, Json.toPrettyText(json) + "\n");
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
