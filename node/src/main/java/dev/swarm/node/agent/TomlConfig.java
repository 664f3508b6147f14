package dev.swarm.node.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Codex's {@code config.toml}, edited as text so the user's file keeps its comments, order and layout:
 * what swarm writes sits between marker comments, one block at the top for top-level keys (TOML puts
 * them before the first table) and one at the end for tables. The file is parsed (Jackson's TOML
 * reader) to find what the user wrote outside the blocks, and the result is parsed again before it is
 * written, so a file swarm cannot edit safely is refused and never damaged.
 */
final class TomlConfig {
    static final String TOP_BEGIN = "# >>> swarm agent setup: top-level keys (managed; edits inside are replaced) >>>";
    static final String TABLE_BEGIN = "# >>> swarm agent setup: tables (managed; edits inside are replaced) >>>";
    static final String END = "# <<< swarm agent setup <<<";
    private static final TomlMapper TOML = new TomlMapper();

    private final Path file;
    private final List<String> lines;

    private TomlConfig(Path file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    static TomlConfig of(Path file, String text) {
        TomlConfig config = new TomlConfig(file, new ArrayList<>(text == null ? List.of() : text.lines().toList()));
        config.parse();
        return config;
    }

    /** The document as data (everything, ours included). */
    JsonNode parse() {
        String text = String.join("\n", lines);
        try {
            return text.isBlank() ? TOML.createObjectNode() : TOML.readTree(text);
        } catch (IOException e) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, file + " is not valid TOML (" + firstLine(e) + ");"
                    + " nothing was changed", null, e);
        }
    }

    /** The lines of our block that starts with {@code begin}, without the markers; empty when absent. */
    List<String> block(String begin) {
        int start = lines.indexOf(begin);
        if (start < 0) {
            return List.of();
        }
        int end = lines.subList(start, lines.size()).indexOf(END);
        return end < 0 ? List.of() : List.copyOf(lines.subList(start + 1, start + end));
    }

    /** Takes out our block that starts with {@code begin} (and one blank line after it). */
    void removeBlock(String begin) {
        int start = lines.indexOf(begin);
        if (start < 0) {
            return;
        }
        int end = lines.subList(start, lines.size()).indexOf(END);
        if (end < 0) {
            throw new SwarmException(ErrorCode.CONFIG_INVALID, file + " has the start of swarm's block without its"
                    + " end ('" + END + "'); fix it by hand. Nothing was changed");
        }
        int stop = start + end + 1;
        if (stop < lines.size() && lines.get(stop).isBlank()) {
            stop++;
        }
        lines.subList(start, stop).clear();
    }

    /**
     * Takes out a top-level {@code key = value} the user wrote (before the first table; a value may span
     * lines until its brackets close) and returns its lines, or nothing when there is none.
     */
    List<String> takeTopLevel(String key) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("[")) {
                return List.of();
            }
            if (line.matches("\"?" + key + "\"?\\s*=.*")) {
                int end = i;
                int depth = depth(lines.get(i));
                while (depth > 0 && end + 1 < lines.size()) {
                    end++;
                    depth += depth(lines.get(end));
                }
                List<String> taken = List.copyOf(lines.subList(i, end + 1));
                lines.subList(i, end + 1).clear();
                return taken;
            }
        }
        return List.of();
    }

    void addTop(List<String> block) {
        List<String> all = new ArrayList<>();
        all.add(TOP_BEGIN);
        all.addAll(block);
        all.add(END);
        all.add("");
        lines.addAll(0, all);
    }

    /** Puts lines at the top of the file, outside any block of ours (the user's own keys, given back). */
    void addTopPlain(List<String> plain) {
        lines.addAll(0, plain);
    }

    void addTables(List<String> block) {
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        if (!lines.isEmpty()) {
            lines.add("");
        }
        lines.add(TABLE_BEGIN);
        lines.addAll(block);
        lines.add(END);
    }

    /** The text to write, checked to still be TOML; null when the file would be empty. */
    String render() {
        parse();
        String text = String.join("\n", lines).strip();
        return text.isEmpty() ? null : text + "\n";
    }

    /** A TOML basic string. */
    static String string(String value) {
        StringBuilder out = new StringBuilder("\"");
        value.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (cp < 0x20 || cp == 0x7F) {
                        out.append(String.format("\\u%04X", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    static String array(List<String> values) {
        return "[" + String.join(", ", values.stream().map(TomlConfig::string).toList()) + "]";
    }

    private static int depth(String line) {
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' && (i == 0 || line.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '#') {
                break;
            } else if (!quoted && c == '[') {
                depth++;
            } else if (!quoted && c == ']') {
                depth--;
            }
        }
        return depth;
    }

    private static String firstLine(IOException e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
