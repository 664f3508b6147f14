package dev.swarm.node.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code config.yaml}: a flat map of setting keys, shared with the Python implementation
 * ({@code agent_id}, {@code endpoint}, {@code default_swarm}). Keys we do not know are kept when
 * the file is rewritten.
 */
public final class ConfigFile {
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

    private final Path path;
    private final Map<String, Object> values;

    private ConfigFile(Path path, Map<String, Object> values) {
        this.path = path;
        this.values = values;
    }

    /** Reads the file; a missing file is an empty config. */
    public static ConfigFile read(Path path) {
        try {
            byte[] bytes = Files.readAllBytes(path);
            if (bytes.length == 0) {
                return new ConfigFile(path, new LinkedHashMap<>());
            }
            Map<String, Object> values = YAML.readValue(bytes, new TypeReference<LinkedHashMap<String, Object>>() { });
            return new ConfigFile(path, values == null ? new LinkedHashMap<>() : values);
        } catch (NoSuchFileException e) {
            return new ConfigFile(path, new LinkedHashMap<>());
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID,
                    path + " is not a YAML map of settings: " + firstLine(e.getMessage()), null, e);
        }
    }

    public Path path() {
        return path;
    }

    public boolean exists() {
        return Files.exists(path);
    }

    /** The value of a key as text, or null when unset (YAML null counts as unset). */
    public String get(String key) {
        Object value = values.get(key);
        return value == null ? null : String.valueOf(value);
    }

    public Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    /** A copy with {@code key} set (or removed when {@code value} is null). */
    public ConfigFile with(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return new ConfigFile(path, copy);
    }

    /** The file's text as {@link #write} writes it. */
    public String render() {
        try {
            return YAML.writeValueAsString(values);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write YAML", e);
        }
    }

    public void write() {
        try {
            SecureFiles.writePrivate(path, YAML.writeValueAsBytes(values));
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, "cannot write " + path + ": " + e.getMessage(), null, e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
